#!/usr/bin/env python3
"""Per-district comparison of a `sim run` with the geopandas peer's districts CSV (make bench, issue 18).

Usage: peer-compare.py PEER_districts.csv SIM_OUT_DIR

Reads the peer's PREFIX_districts.csv (district_id, area_km2, covered_km2, pop, pop_covered, n_cells,
n_cells_covered, ...) and sim's SIM_OUT_DIR/districts.csv (id, area_km2, lte_area_km2, population, lte_pop)
and, when present, SIM_OUT_DIR/population.csv (cell_id, lon, lat, district_id, population, covered) for sim's
own cell counts. Prints, over the districts both name:
  - district area and covered area (km²): largest absolute and relative difference, and the district;
  - covered population: sim's figure (whole persons per cell, largest remainder) and, from population.csv,
    census × covered cells ÷ cells on sim's grid (the peer's fractional rule); the peer's districts without a
    census (pop = n_cells there, 0 in sim) are compared by covered cells and listed apart;
  - cells per district and covered cells (grid anchoring: sim's grid is aligned to multiples of the cell size,
    the peer's to the layer's total bounds).
Relative differences are |sim − peer| / peer, over districts whose peer value is > 0. Exit status 1 when a
file is missing a column (one line naming it). Standard library only.
"""
import csv
import os
import sys


def read(path, need):
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = [r for r in csv.DictReader(line for line in f if not line.startswith("#"))]
    except OSError as e:
        sys.exit(f"{path}: {e.strerror}")
    if not rows or any(k not in rows[0] for k in need):
        sys.exit(f"{path}: needs the columns {', '.join(need)}")
    return rows


def worst(pairs, label, unit, fmt="{:.6f}"):
    """pairs: (district, sim, peer). Prints the largest absolute and relative difference."""
    if not pairs:
        print(f"  {label}: no districts to compare")
        return
    d_abs = max(pairs, key=lambda p: abs(p[1] - p[2]))
    rel = [p for p in pairs if p[2] > 0]
    d_rel = max(rel, key=lambda p: abs(p[1] - p[2]) / p[2]) if rel else None
    tot_s = sum(p[1] for p in pairs); tot_p = sum(p[2] for p in pairs)
    line = (f"  {label:<44} largest |Δ| {fmt.format(abs(d_abs[1] - d_abs[2]))} {unit} (district {d_abs[0]}: "
            f"sim {fmt.format(d_abs[1])}, peer {fmt.format(d_abs[2])})")
    if d_rel:
        line += (f"; largest relative {100 * abs(d_rel[1] - d_rel[2]) / d_rel[2]:.4f} % (district {d_rel[0]}: "
                 f"sim {fmt.format(d_rel[1])}, peer {fmt.format(d_rel[2])})")
    line += f"; totals sim {fmt.format(tot_s)}, peer {fmt.format(tot_p)}"
    print(line)


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: peer-compare.py PEER_districts.csv SIM_OUT_DIR")
    peer = {r["district_id"]: r for r in read(argv[1], ["district_id", "area_km2", "covered_km2", "pop", "pop_covered",
                                                        "n_cells", "n_cells_covered"])}
    sim = {r["id"]: r for r in read(os.path.join(argv[2], "districts.csv"), ["id", "area_km2", "lte_area_km2", "population", "lte_pop"])}
    common = sorted(set(peer) & set(sim))
    only = sorted(set(peer) ^ set(sim))
    print(f"  {len(common)} districts in both" + (f"; in one only: {', '.join(only[:5])}{' …' if len(only) > 5 else ''}" if only else ""))
    f = float
    worst([(d, f(sim[d]["area_km2"]), f(peer[d]["area_km2"])) for d in common], "district area (km²)", "km²")
    worst([(d, f(sim[d]["lte_area_km2"]), f(peer[d]["covered_km2"])) for d in common], "covered area (km²)", "km²")
    # The peer counts a district without census as 1 person per cell (pop == n_cells); sim reads it as 0 people.
    no_census = [d for d in common if int(sim[d]["population"]) == 0 and f(peer[d]["pop"]) == f(peer[d]["n_cells"])]
    with_census = [d for d in common if d not in no_census]
    worst([(d, f(sim[d]["population"]), f(peer[d]["pop"])) for d in with_census], "census population", "persons", "{:.0f}")
    worst([(d, f(sim[d]["lte_pop"]), f(peer[d]["pop_covered"])) for d in with_census],
          "covered population, sim (whole persons)", "persons", "{:.1f}")
    pop_csv = os.path.join(argv[2], "population.csv")
    if os.path.exists(pop_csv):
        cells, covered = {}, {}
        with open(pop_csv, newline="", encoding="utf-8-sig") as fh:
            r = csv.reader(line for line in fh if not line.startswith("#"))
            head = next(r)
            try:
                di, ci = head.index("district_id"), head.index("covered")
            except ValueError:
                sys.exit(f"{pop_csv}: needs the columns district_id, covered")
            for row in r:
                d = row[di]
                cells[d] = cells.get(d, 0) + 1
                if row[ci] in ("1", "true", "True"):
                    covered[d] = covered.get(d, 0) + 1
        frac = [(d, f(sim[d]["population"]) * covered.get(d, 0) / cells[d] if cells.get(d) else 0.0, f(peer[d]["pop_covered"]))
                for d in with_census]
        worst(frac, "covered population, census × cells share", "persons", "{:.1f}")
        worst([(d, f(cells.get(d, 0)), f(peer[d]["n_cells"])) for d in common], "population cells", "cells", "{:.0f}")
        worst([(d, f(covered.get(d, 0)), f(peer[d]["n_cells_covered"])) for d in common], "covered cells", "cells", "{:.0f}")
    if no_census:
        print(f"  districts without a census (peer: 1 person per cell; sim: 0): {', '.join(no_census)}")


if __name__ == "__main__":
    main(sys.argv)
