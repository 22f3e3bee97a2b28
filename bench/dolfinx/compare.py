#!/usr/bin/python3
"""grainfem's `compare` workload in dolfinx (0.5, Debian's python3-dolfinx), for
the benchmark in bench/scale.bench.ts.

Input: DIR/mesh.msh and DIR/data.json written by bench/dolfinx/export.ts from a
grainfem config (same mesh, per-grain material in the particle frame, reactive
grains, schedule, tolerance, pins). For each case (asslb, lelb):

  diffusion   (M/dt + K) th_new = M th / dt + F, backward Euler, the steps of
              data.schedule; consistent mass; F = sign * jbar on the reactive
              grains' outer faces; CG + Jacobi to ||b - A x|| <= rtol ||b||
  elasticity  at each output SOC: K(th) u = f_ch(th) with
              C(th) = C0 + clamp(th, 0, 1) (C1 - C0) and the eigenstrain
              beta (th - th_ref); 3-2-1 pins (the same dofs as grainfem);
              CG + GAMG (aggregation, rigid-body near-nullspace from the dof
              coordinates) to the same tolerance

Quadrature degrees follow grainfem's kernels (assembly/kernels/*.ts):
P2: K 2, M 5, elasticity 2, faces 4; P1: K 1, M 2, elasticity 2, faces 4.
Statistics (mean theta, von Mises volume mean / std / max, per-grain means)
are taken at the points of the degree-2 rule (4 points), as grainfem's
summary does. Prints one JSON object on stdout (times in s, RSS in KiB,
cpuS = user + system CPU time of the process).

Run with the system python (dolfinx is a Debian package):
  /usr/bin/python3 bench/dolfinx/compare.py DIR [--gamg-smooths 0]
"""
import argparse
import json
import resource
import sys
import time

import numpy as np


def read_msh41(path):
    """gmsh 4.1 ASCII (as src/io/msh.ts writes it): node coordinates, the
    tetrahedra (gmsh node order, 0-based node indices) with their grain, and
    the surface triangles with their grain. Grain = the physical group's
    name grain_<g> / surface_grain_<g>, else its tag - 1."""
    with open(path) as f:
        lines = f.read().split("\n")
    sections = {}
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if s.startswith("$") and not s.startswith("$End"):
            name = s[1:]
            j = lines.index("$End" + name, i + 1)
            sections[name] = (i + 1, j)
            i = j + 1
        else:
            i += 1
    a, b = sections["MeshFormat"]
    version, filetype = lines[a].split()[:2]
    if version != "4.1" or filetype != "0":
        raise SystemExit(f"{path}: expected gmsh MSH 4.1 ASCII, found version {version} type {filetype}")
    # physical names: (dim, tag) -> grain
    phys_grain = {}
    if "PhysicalNames" in sections:
        a, b = sections["PhysicalNames"]
        for s in lines[a + 1:b]:
            dim, tag, name = s.split(maxsplit=2)
            name = name.strip('"')
            g = name.split("_")[-1]
            phys_grain[(int(dim), int(tag))] = int(g) if g.isdigit() else int(tag) - 1
    # entities: (dim, entity tag) -> physical tag
    ent_phys = {}
    a, b = sections["Entities"]
    counts = [int(v) for v in lines[a].split()]
    k = a + 1 + counts[0] + counts[1]
    for dim in (2, 3):
        for _ in range(counts[dim]):
            v = lines[k].split()
            k += 1
            nphys = int(v[7])
            if nphys > 0:
                ent_phys[(dim, int(v[0]))] = int(v[8])

    def grain_of(dim, entity):
        p = ent_phys.get((dim, entity))
        if p is None:
            raise SystemExit(f"{path}: {dim}-d entity {entity} has no physical group (grain)")
        return phys_grain.get((dim, p), p - 1)

    # nodes
    a, b = sections["Nodes"]
    nblocks, nnodes, _, max_tag = (int(v) for v in lines[a].split())
    tags = np.empty(nnodes, dtype=np.int64)
    x = np.empty((nnodes, 3))
    k, n0 = a + 1, 0
    for _ in range(nblocks):
        _, _, param, n = (int(v) for v in lines[k].split())
        if param:
            raise SystemExit(f"{path}: parametric nodes are not supported")
        tags[n0:n0 + n] = np.array(" ".join(lines[k + 1:k + 1 + n]).split(), dtype=np.int64)
        x[n0:n0 + n] = np.array(" ".join(lines[k + 1 + n:k + 1 + 2 * n]).split(), dtype=np.float64).reshape(n, 3)
        k += 1 + 2 * n
        n0 += n
    index = np.full(max_tag + 1, -1, dtype=np.int64)
    index[tags] = np.arange(nnodes)
    # elements
    a, b = sections["Elements"]
    nblocks = int(lines[a].split()[0])
    k = a + 1
    blocks = {3: [], 2: []}
    npe = {4: 4, 11: 10, 2: 3, 9: 6}
    for _ in range(nblocks):
        dim, entity, etype, n = (int(v) for v in lines[k].split())
        if dim in blocks and etype in npe:
            arr = np.array(" ".join(lines[k + 1:k + 1 + n]).split(), dtype=np.int64).reshape(n, 1 + npe[etype])
            blocks[dim].append((etype, arr, grain_of(dim, entity)))
        elif dim == 3:
            raise SystemExit(f"{path}: volume element type {etype} is not a 4- or 10-node tetrahedron")
        k += 1 + n

    def stack(dim):
        if not blocks[dim]:
            return None, None, None
        types = {t for t, _, _ in blocks[dim]}
        if len(types) > 1:
            raise SystemExit(f"{path}: mixed element types {types} in dimension {dim}")
        arr = np.vstack([a for _, a, _ in blocks[dim]])
        grain = np.concatenate([np.full(len(a), g, dtype=np.int32) for _, a, g in blocks[dim]])
        order = np.argsort(arr[:, 0], kind="stable")  # element tags: the writer's original order
        conn = index[arr[order, 1:]]
        if (conn < 0).any():
            raise SystemExit(f"{path}: an element references a node that is not in $Nodes")
        return types.pop(), conn, grain[order]

    ttype, tets, tet_grain = stack(3)
    ftype, tris, tri_grain = stack(2)
    if tets is None:
        raise SystemExit(f"{path}: no tetrahedra")
    return x, tets, tet_grain, tris, tri_grain, (1 if ttype == 4 else 2)


def rss_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", help="folder with mesh.msh and data.json (bench/dolfinx/export.ts)")
    ap.add_argument("--gamg-smooths", type=int, default=0,
                    help="prolongator smoothing steps of GAMG (0: unsmoothed aggregation, the default; PETSc's own default is 1)")
    ap.add_argument("--gamg-reuse", action="store_true", help="reuse the GAMG interpolation for the second elasticity solve of a case")
    ap.add_argument("--cases", default="asslb,lelb")
    args = ap.parse_args()

    t_start = time.perf_counter()
    from mpi4py import MPI
    from petsc4py import PETSc
    import basix
    import ufl
    import dolfinx
    from dolfinx import cpp, fem, mesh as dmesh
    from dolfinx.fem.petsc import (apply_lifting, assemble_matrix, assemble_vector, create_matrix, create_vector, set_bc)

    comm = MPI.COMM_WORLD
    if comm.size != 1:
        raise SystemExit("compare.py runs in one process (the comparison is single-process)")
    times = {"read": 0.0, "setup": 0.0, "jit": 0.0, "assembly": 0.0, "diffusion": 0.0, "elasticity": 0.0, "amgSetup": 0.0, "post": 0.0}

    class Clock:
        def __init__(self, key):
            self.key = key

        def __enter__(self):
            self.t = time.perf_counter()

        def __exit__(self, *exc):
            times[self.key] += time.perf_counter() - self.t

    with open(f"{args.dir}/data.json") as f:
        data = json.load(f)

    # --- mesh and tags
    with Clock("read"):
        x, tets, tet_grain, tris, tri_grain, order = read_msh41(f"{args.dir}/mesh.msh")
        if order != data["order"] or len(tets) != data["tets"]:
            raise SystemExit("mesh.msh and data.json disagree (order or number of tets)")
        element = ufl.VectorElement(ufl.FiniteElement("Lagrange", ufl.tetrahedron, order, variant="equispaced"))
        domain = ufl.Mesh(element)
        tet_perm = cpp.io.perm_gmsh(cpp.mesh.CellType.tetrahedron, tets.shape[1])
        cells = tets[:, tet_perm]
        msh = dmesh.create_mesh(comm, cells, x, domain)
        tdim = 3
        msh.topology.create_connectivity(tdim, 0)
        ents, vals = cpp.io.distribute_entity_data(msh._mesh, tdim, cells, tet_grain)
        ct = dmesh.meshtags_from_entities(msh, tdim, cpp.graph.AdjacencyList_int32(ents), vals)
        tri_perm = cpp.io.perm_gmsh(cpp.mesh.CellType.triangle, tris.shape[1])
        msh.topology.create_connectivity(tdim - 1, tdim)
        ents, vals = cpp.io.distribute_entity_data(msh._mesh, tdim - 1, tris[:, tri_perm], tri_grain)
        ft = dmesh.meshtags_from_entities(msh, tdim - 1, cpp.graph.AdjacencyList_int32(ents), vals)
        n_cells = msh.topology.index_map(tdim).size_local
        cell_grain = np.full(n_cells, -1, dtype=np.int32)
        cell_grain[ct.indices] = ct.values
        if (cell_grain < 0).any() or len(ft.indices) != data["surfaceTriangles"]:
            raise SystemExit(f"grain tags lost: {np.count_nonzero(cell_grain < 0)} untagged cells, "
                             f"{len(ft.indices)} of {data['surfaceTriangles']} surface triangles found")
        del x, tets, tris

    # --- function spaces and per-grain coefficients (DG0, one value per cell)
    with Clock("setup"):
        Vt = fem.FunctionSpace(msh, ("Lagrange", order))
        Vu = fem.VectorFunctionSpace(msh, ("Lagrange", order))
        nG = data["nGrains"]
        G = data["grains"]

        def grain_field(values, shape):
            if len(shape) == 1:
                Q = fem.VectorFunctionSpace(msh, ("DG", 0), dim=shape[0])
            else:
                Q = fem.TensorFunctionSpace(msh, ("DG", 0), shape=shape)
            fn = fem.Function(Q)
            table = np.asarray(values).reshape(nG, -1)
            cell_dof = Q.dofmap.list.array.reshape(n_cells, -1)[:, 0]
            fn.x.array.reshape(-1, table.shape[1])[cell_dof] = table[cell_grain]
            return fn

        D = grain_field(G["D"], (3, 3))
        C0 = grain_field(G["C0"], (6, 6))
        C1 = grain_field(G["C1"], (6, 6))
        beta = grain_field(G["beta"], (6,))

    # --- forms (FFCx just-in-time compilation, cached in ~/.cache/fenics)
    deg_k, deg_m, deg_el, deg_face = (2, 5, 2, 4) if order == 2 else (1, 2, 2, 4)
    dx_k = ufl.Measure("dx", domain=msh, metadata={"quadrature_degree": deg_k})
    dx_m = ufl.Measure("dx", domain=msh, metadata={"quadrature_degree": deg_m})
    dx_e = ufl.Measure("dx", domain=msh, metadata={"quadrature_degree": deg_el})
    theta = fem.Function(Vt)
    th_ref = fem.Constant(msh, PETSc.ScalarType(data["thetaRef"]))
    flux = fem.Constant(msh, PETSc.ScalarType(0.0))
    u_fn = fem.Function(Vu)
    with Clock("jit"):
        w, v = ufl.TrialFunction(Vt), ufl.TestFunction(Vt)
        m_form = fem.form(w * v * dx_m)
        k_form = fem.form(ufl.inner(D * ufl.grad(w), ufl.grad(v)) * dx_k)
        vol_form = fem.form(fem.Constant(msh, PETSc.ScalarType(1.0)) * dx_m)
        amount_form = fem.form(theta * dx_m)

        def eps_v(z):
            e = ufl.sym(ufl.grad(z))
            return ufl.as_vector([e[0, 0], e[1, 1], e[2, 2], 2 * e[1, 2], 2 * e[0, 2], 2 * e[0, 1]])

        th_c = ufl.max_value(ufl.min_value(theta, 1.0), 0.0)
        C = C0 + th_c * (C1 - C0)
        eig = beta * (theta - th_ref)
        uu, vu = ufl.TrialFunction(Vu), ufl.TestFunction(Vu)
        a_el = fem.form(ufl.inner(C * eps_v(uu), eps_v(vu)) * dx_e)
        L_el = fem.form(ufl.inner(C * eig, eps_v(vu)) * dx_e)
        s = C * (eps_v(u_fn) - eig)
        vm_expr = ufl.sqrt(0.5 * ((s[0] - s[1]) ** 2 + (s[1] - s[2]) ** 2 + (s[2] - s[0]) ** 2) + 3 * (s[3] ** 2 + s[4] ** 2 + s[5] ** 2))
        qpts, qwts = basix.make_quadrature(basix.CellType.tetrahedron, 2)
        if len(qwts) != 4:
            raise SystemExit(f"expected the 4-point degree-2 rule, basix gave {len(qwts)} points")
        vm_at = fem.Expression(vm_expr, qpts)
        theta_at = fem.Expression(theta, qpts)
        detj_at = fem.Expression(abs(ufl.JacobianDeterminant(msh)), qpts)

        def flux_form(reactive_tag):
            ds = ufl.Measure("ds", domain=msh, subdomain_data=reactive_tag, metadata={"quadrature_degree": deg_face})
            return fem.form(flux * v * ds(1)), fem.form(fem.Constant(msh, PETSc.ScalarType(1.0)) * ds(1))

    all_cells = np.arange(n_cells, dtype=np.int32)
    with Clock("post"):
        qweight = (detj_at.eval(all_cells) * qwts[None, :]).ravel()  # (cells x 4) in cell-major order
        V_total = fem.assemble_scalar(vol_form)

    # --- 3-2-1 pins: the dofs at grainfem's pinned nodes (exact coordinates from the same file)
    with Clock("setup"):
        bcs = []
        pinned = []
        collapsed = {}
        for p in data["pins"]["dofs"]:
            c, px = p["component"], np.array(p["x"])
            if c not in collapsed:
                collapsed[c] = Vu.sub(c).collapse()[0]
            Vc = collapsed[c]
            dofs = fem.locate_dofs_geometrical((Vu.sub(c), Vc), lambda X: np.linalg.norm(X.T - px, axis=1) < 1e-9)
            if len(dofs[0]) != 1:
                raise SystemExit(f"pin at {px} component {c}: {len(dofs[0])} dofs found")
            bcs.append(fem.dirichletbc(PETSc.ScalarType(0.0), dofs[0], Vu.sub(c)))
            pinned.append(int(dofs[0][0]))
        # rigid-body modes from the dof coordinates, orthonormalized: GAMG's near-nullspace
        xyz = Vu.tabulate_dof_coordinates()[: Vu.dofmap.index_map.size_local]
        cen = xyz.mean(axis=0)
        d = xyz - cen
        nb = len(xyz)
        modes = np.zeros((6, nb, 3))
        for k in range(3):
            modes[k, :, k] = 1.0
        # rotations omega x d about the axes x, y, z
        modes[3, :, 1], modes[3, :, 2] = -d[:, 2], d[:, 1]
        modes[4, :, 0], modes[4, :, 2] = d[:, 2], -d[:, 0]
        modes[5, :, 0], modes[5, :, 1] = -d[:, 1], d[:, 0]
        q, _ = np.linalg.qr(modes.reshape(6, -1).T)
        ns_vecs = []
        for k in range(6):
            vec = create_vector(L_el)
            vec.array[:] = q[:, k]
            ns_vecs.append(vec)
        near_null = PETSc.NullSpace().create(vectors=ns_vecs)

    rtol = data["relTolerance"]
    maxit = data["maxIterations"]
    opts = PETSc.Options()
    for key, val in {
        "dif_ksp_type": "cg", "dif_pc_type": "jacobi",
        "el_ksp_type": "cg", "el_pc_type": "gamg", "el_pc_gamg_type": "agg",
        "el_pc_gamg_agg_nsmooths": str(args.gamg_smooths),
        "el_pc_gamg_reuse_interpolation": "true" if args.gamg_reuse else "false",
        "el_mg_levels_ksp_type": "chebyshev", "el_mg_levels_pc_type": "jacobi",
    }.items():
        opts[key] = val

    def make_ksp(prefix, A):
        ksp = PETSc.KSP().create(comm)
        ksp.setOptionsPrefix(prefix)
        ksp.setOperators(A)
        ksp.setFromOptions()
        # the true residual ||b - A x|| <= rtol ||b||, as grainfem's PCG
        ksp.setNormType(PETSc.KSP.NormType.UNPRECONDITIONED)
        ksp.setTolerances(rtol=rtol, atol=0.0, max_it=maxit)
        ksp.setInitialGuessNonzero(True)
        return ksp

    def true_rel_residual(A, xv, b):
        r = b.duplicate()
        A.mult(xv, r)
        r.aypx(-1.0, b)
        return r.norm() / b.norm()

    def qp_stats(vals):
        W = qweight.sum()
        mean = float(np.dot(qweight, vals) / W)
        std = float(np.sqrt(max(np.dot(qweight, (vals - mean) ** 2) / W, 0.0)))
        return {"mean": mean, "std": std, "max": float(vals.max()), "min": float(vals.min())}

    def grain_means(vals):
        g = np.repeat(cell_grain, 4)
        num = np.bincount(g, weights=qweight * vals, minlength=nG)
        den = np.bincount(g, weights=qweight, minlength=nG)
        return (num / np.where(den > 0, den, 1.0)).tolist()

    # --- the two cases
    M = K = A_dif = A_el = None
    results = {}
    for name in args.cases.split(","):
        case = data["cases"][name]
        out = {"reactiveGrains": len(case["reactiveGrains"])}
        # reactive outer faces: tag 1 on the surface triangles of reactive grains
        # (the facet tags hold grain ids: distribute_entity_data was given tri_grain)
        mark = np.isin(ft.values, np.array(case["reactiveGrains"], dtype=np.int32))
        rtag = dmesh.meshtags(msh, tdim - 1, ft.indices[mark], np.ones(np.count_nonzero(mark), dtype=np.int32))
        with Clock("jit"):
            F_form, area_form = flux_form(rtag)
        with Clock("assembly"):
            A_react = fem.assemble_scalar(area_form)
            jbar = V_total * data["capacityWindow"] * data["cRate"] / (A_react * 3600.0)
            flux.value = data["fluxSign"] * jbar
            F = assemble_vector(F_form)
            F.ghostUpdate(addv=PETSc.InsertMode.ADD, mode=PETSc.ScatterMode.REVERSE)
            if M is None:
                M = assemble_matrix(m_form)
                M.assemble()
                K = assemble_matrix(k_form)
                K.assemble()
            else:  # the same matrices: assembled again per case, as grainfem does
                M.zeroEntries()
                assemble_matrix(M, m_form)
                M.assemble()
                K.zeroEntries()
                assemble_matrix(K, k_form)
                K.assemble()
        out["fluxUmS"] = jbar
        out["fluxRelDiffToGrainfem"] = abs(jbar - case["fluxUmS"]) / case["fluxUmS"]
        out["volumeRelDiffToGrainfem"] = abs(V_total - data["volumeUm3"]) / data["volumeUm3"]
        theta.x.array[:] = data["theta0"]
        u_fn.x.array[:] = 0.0
        dif_its, dif_res = [], []
        el = []
        snaps = []
        t_now, dt_cur = 0.0, None
        ksp_d = None
        rhs = M.createVecLeft()
        b_el = create_vector(L_el)
        ksp_e = None
        for seg in data["schedule"]:
            steps = seg["steps"]
            dt = (seg["timeS"] - t_now) / steps
            with Clock("diffusion"):
                if dt != dt_cur:
                    if A_dif is None:
                        A_dif = K.duplicate(copy=True)
                    else:
                        K.copy(A_dif, structure=PETSc.Mat.Structure.SAME_NONZERO_PATTERN)
                    A_dif.axpy(1.0 / dt, M, structure=PETSc.Mat.Structure.SAME_NONZERO_PATTERN)
                    if ksp_d is None:
                        ksp_d = make_ksp("dif_", A_dif)
                    else:
                        ksp_d.setOperators(A_dif)
                    dt_cur = dt
                for _ in range(steps):
                    M.mult(theta.vector, rhs)
                    rhs.scale(1.0 / dt)
                    rhs.axpy(1.0, F)
                    ksp_d.solve(rhs, theta.vector)
                    if ksp_d.getConvergedReason() <= 0:
                        raise SystemExit(f"{name}: diffusion CG failed (reason {ksp_d.getConvergedReason()}) at t = {t_now:.1f} s")
                    dif_its.append(ksp_d.getIterationNumber())
                    dif_res.append(ksp_d.getResidualNorm() / rhs.norm())
                    theta.x.scatter_forward()
                    t_now += dt
            # elasticity at this SOC
            with Clock("assembly"):
                if A_el is None:
                    A_el = create_matrix(a_el)
                A_el.zeroEntries()
                assemble_matrix(A_el, a_el, bcs=bcs)
                A_el.assemble()
                A_el.setNearNullSpace(near_null)
                with b_el.localForm() as loc:
                    loc.set(0.0)
                assemble_vector(b_el, L_el)
                apply_lifting(b_el, [a_el], bcs=[bcs])
                b_el.ghostUpdate(addv=PETSc.InsertMode.ADD, mode=PETSc.ScatterMode.REVERSE)
                set_bc(b_el, bcs)
            with Clock("elasticity"):
                t0 = time.perf_counter()
                if ksp_e is None:
                    ksp_e = make_ksp("el_", A_el)
                else:
                    ksp_e.setOperators(A_el)
                ksp_e.setUp()
                t_amg = time.perf_counter() - t0
                times["amgSetup"] += t_amg
                ksp_e.solve(b_el, u_fn.vector)
                if ksp_e.getConvergedReason() <= 0:
                    raise SystemExit(f"{name}: elasticity CG failed (reason {ksp_e.getConvergedReason()}) at SOC {seg['soc']}")
                u_fn.x.scatter_forward()
            with Clock("post"):
                pc = ksp_e.getPC()
                levels = pc.getMGLevels() if pc.getType() == "mg" or pc.getType() == "gamg" else None
                el.append({"soc": seg["soc"], "iterations": ksp_e.getIterationNumber(),
                           "relResidual": true_rel_residual(A_el, u_fn.vector, b_el), "amgSetupS": t_amg, "amgLevels": levels})
                vm = vm_at.eval(all_cells).ravel()
                thq = theta_at.eval(all_cells).ravel()
                th = theta.x.array
                snaps.append({
                    "soc": seg["soc"], "timeS": seg["timeS"],
                    "thetaMean": fem.assemble_scalar(amount_form) / V_total,
                    "thetaMin": float(th.min()), "thetaMax": float(th.max()),
                    "vonMisesMPa": qp_stats(vm),
                    "grainThetaMean": grain_means(thq),
                    "grainVonMisesMeanMPa": grain_means(vm),
                })
        out["diffusion"] = {"steps": len(dif_its), "itersMean": float(np.mean(dif_its)), "itersMax": int(np.max(dif_its)),
                            "relResidualMax": float(np.max(dif_res))}
        out["elasticity"] = el
        out["snapshots"] = snaps
        out["peakRssKiBAfter"] = rss_kib()
        results[name] = out

    info = {
        "producer": f"dolfinx {dolfinx.__version__}, PETSc {'.'.join(map(str, PETSc.Sys.getVersion()))}, bench/dolfinx/compare.py",
        "order": order, "tets": int(n_cells), "dofsTheta": Vt.dofmap.index_map.size_local,
        "dofsU": Vu.dofmap.index_map.size_local * 3, "volumeUm3": V_total,
        "gamg": {"type": "agg", "aggSmooths": args.gamg_smooths, "reuseInterpolation": args.gamg_reuse, "nearNullspace": "6 rigid-body modes"},
        "timingS": {**{k: round(v, 4) for k, v in times.items()}, "total": round(time.perf_counter() - t_start, 4)},
        "peakRssKiB": rss_kib(),
        # user + system CPU seconds of this process: less sensitive than wall time to other jobs on a shared machine
        "cpuS": round(sum(getattr(resource.getrusage(resource.RUSAGE_SELF), k) for k in ("ru_utime", "ru_stime")), 4),
        "cases": results,
    }
    json.dump(info, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
