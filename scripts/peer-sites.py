#!/usr/bin/env python3
"""Convert the geopandas peer's `<prefix>_sites.csv` into sim's sites CSV (make bench, issue 18).

Usage: peer-sites.py PEER_SITES.csv OUT.csv [N]

The peer (/work/shared/peer/peer_coverage.py, README "Spec") writes one row per site:
site,x,y,lon,lat,rot_deg (x/y in EPSG:32648, lon/lat WGS 84, at round-trip precision). Its job gives every
site three sectors at rot, rot+120, rot+240 degrees; 46 dBm per sector, a 30 m mast, 1800 MHz. This writes
`id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg` with the same lon/lat text (no re-rounding) and
the azimuths computed as the peer computes them (rot + 120.0 in binary64, printed with repr, which round-trips).
With N, only the first N rows (the peer's draw order) are written, so the scaling table's smaller runs are
subsets of the 30,000-site run.  Standard library only (runs under /usr/bin/python3).
"""
import csv
import sys


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit("usage: peer-sites.py PEER_SITES.csv OUT.csv [N]")
    src, dst = argv[1], argv[2]
    limit = int(argv[3]) if len(argv) == 4 else None
    with open(src, newline="") as f:
        rows = list(csv.DictReader(f))
    want = ["site", "lon", "lat", "rot_deg"]
    if not rows or any(k not in rows[0] for k in want):
        sys.exit(f"{src}: not a peer sites file (needs columns {', '.join(want)}); run peer_coverage.py --out PREFIX first")
    if limit is not None:
        if limit > len(rows):
            sys.exit(f"{src}: has {len(rows)} sites, fewer than the {limit} asked for")
        rows = rows[:limit]
    tmp = dst + ".tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "lon", "lat", "height_m", "technology", "band_mhz", "power_dbm", "azimuths_deg"])
        for r in rows:
            rot = float(r["rot_deg"])
            az = ";".join(repr(rot + off) for off in (0.0, 120.0, 240.0))
            w.writerow(["P" + r["site"], r["lon"], r["lat"], 30, "4G", 1800, 46, az])
    import os
    os.replace(tmp, dst)


if __name__ == "__main__":
    main(sys.argv)
