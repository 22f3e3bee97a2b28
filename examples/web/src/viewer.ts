/**
 * One 3D view of a particle (three.js, WebGL): the outer surface, lit, cut
 * away on one side of a movable plane, and the flat-shaded section in that
 * plane showing the interior. Colours are computed per vertex on the CPU
 * from the values of the triangle soups (geometry.ts) and a colour function,
 * so quantitative maps (θ, von Mises) and categorical ones (grain, reactive)
 * go through the same path. Rendering is on demand (no animation loop).
 */
import * as THREE from "three";
import type { TriangleSoup } from "./geometry.js";

/** Colour of a value as [r, g, b] in 0–1. */
export type Colorize = (v: number) => [number, number, number];

function buildMesh(soup: TriangleSoup, colorize: Colorize, material: THREE.Material): THREE.Mesh {
  const g = new THREE.BufferGeometry();
  g.setAttribute("position", new THREE.BufferAttribute(soup.positions, 3));
  const colors = new Float32Array(soup.positions.length);
  for (let i = 0; i < soup.values.length; i++) colors.set(colorize(soup.values[i]), 3 * i);
  g.setAttribute("color", new THREE.BufferAttribute(colors, 3));
  g.computeVertexNormals();
  return new THREE.Mesh(g, material);
}

export class ParticleView {
  readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly clipPlane = new THREE.Plane(new THREE.Vector3(0, 0, -1), 0);
  private readonly surfaceMaterial: THREE.MeshLambertMaterial;
  private readonly sectionMaterial = new THREE.MeshBasicMaterial({ vertexColors: true, side: THREE.DoubleSide });
  private surface: THREE.Mesh | null = null;
  private section: THREE.Mesh | null = null;

  constructor(
    readonly canvas: HTMLCanvasElement,
    readonly camera: THREE.PerspectiveCamera,
  ) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
    this.renderer.localClippingEnabled = true;
    this.scene.background = new THREE.Color(0xffffff);
    this.surfaceMaterial = new THREE.MeshLambertMaterial({ vertexColors: true, side: THREE.DoubleSide, clippingPlanes: [this.clipPlane] });
    this.scene.add(new THREE.AmbientLight(0xffffff, 1.6));
    const key = new THREE.DirectionalLight(0xffffff, 1.4);
    key.position.set(1, 1.5, 2);
    camera.add(key); // the light follows the camera, so the lit side is always the one in view
    this.scene.add(camera);
  }

  /**
   * Replace what is drawn.
   * @param clip the plane (axis, offset in µm) or null to show the whole surface and no section
   */
  show(surface: TriangleSoup, section: TriangleSoup | null, colorize: Colorize, clip: { axis: 0 | 1 | 2; offset: number } | null): void {
    for (const m of [this.surface, this.section]) {
      if (m) {
        this.scene.remove(m);
        m.geometry.dispose();
      }
    }
    if (clip) {
      // keep x_axis ≤ offset: three.js clips where n·p + c < 0
      const n = new THREE.Vector3();
      n.setComponent(clip.axis, -1);
      this.clipPlane.set(n, clip.offset);
    } else this.clipPlane.set(new THREE.Vector3(0, 0, -1), 1e9);
    this.surface = buildMesh(surface, colorize, this.surfaceMaterial);
    this.scene.add(this.surface);
    this.section = section && section.values.length ? buildMesh(section, colorize, this.sectionMaterial) : null;
    if (this.section) this.scene.add(this.section);
    this.render();
  }

  /** Match the drawing buffer to the canvas's CSS size. */
  resize(): void {
    const w = this.canvas.clientWidth, h = this.canvas.clientHeight;
    if (w && h && (this.canvas.width !== Math.round(w * this.renderer.getPixelRatio()) || this.canvas.height !== Math.round(h * this.renderer.getPixelRatio()))) {
      this.renderer.setSize(w, h, false);
    }
  }

  render(): void {
    this.resize();
    this.renderer.render(this.scene, this.camera);
  }
}
