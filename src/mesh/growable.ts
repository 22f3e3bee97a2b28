/** Append-only typed buffers (amortized doubling), for mesh generation output. */

export class GrowableInt32 {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }
  push4(a: number, b: number, c: number, d: number): void {
    if (this.length + 4 > this.data.length) this.grow();
    const o = this.length;
    this.data[o] = a; this.data[o + 1] = b; this.data[o + 2] = c; this.data[o + 3] = d;
    this.length += 4;
  }
  /** The filled part, copied to an exact-size array. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
  private grow(): void {
    const d = new Int32Array(2 * this.data.length);
    d.set(this.data);
    this.data = d;
  }
}

export class GrowableFloat64 {
  data = new Float64Array(1024);
  length = 0;
  push3(a: number, b: number, c: number): void {
    if (this.length + 3 > this.data.length) {
      const d = new Float64Array(2 * this.data.length);
      d.set(this.data);
      this.data = d;
    }
    const o = this.length;
    this.data[o] = a; this.data[o + 1] = b; this.data[o + 2] = c;
    this.length += 3;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}
