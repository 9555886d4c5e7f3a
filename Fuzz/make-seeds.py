#!/usr/bin/env python3
"""Writes the seed corpora under Fuzz/corpus/<harness>/ from the repository's data and fixtures
and from the inputs of the bad-input tests (Tests/simTests/SimTests.swift). Seeds are kept small
(a few kB) so libFuzzer's default input size stays small and executions stay fast.
Run from the repository root: python3 Fuzz/make-seeds.py"""
import json, os, struct

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
corpus = os.path.join(root, "Fuzz", "corpus")

def put(harness, name, data):
    d = os.path.join(corpus, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())

def read(p):
    with open(os.path.join(root, p), "rb") as f:
        return f.read()

def head_lines(p, n):
    return b"".join(read(p).splitlines(keepends=True)[:n])

def small_collection(p, n, max_points):
    """The first n features of a GeoJSON file, polygons cut to their first ring's first points (re-closed)."""
    fc = json.loads(read(p))
    feats = []
    for f in fc["features"][:n]:
        g = f["geometry"]
        if g["type"] == "Polygon":
            r = g["coordinates"][0][:max_points]
            g = {"type": "Polygon", "coordinates": [r + [r[0]]]}
        elif g["type"] == "MultiPolygon":
            r = g["coordinates"][0][0][:max_points]
            g = {"type": "MultiPolygon", "coordinates": [[r + [r[0]]]]}
        elif g["type"] == "LineString":
            g = {"type": "LineString", "coordinates": g["coordinates"][:max_points]}
        elif g["type"] == "MultiLineString":
            g = {"type": "MultiLineString", "coordinates": [l[:max_points] for l in g["coordinates"][:2]]}
        feats.append({"type": "Feature", "properties": f["properties"], "geometry": g})
    return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False)

# --- GeoJSON (also the seeds of geos-geojson) ---
gj = {
    "districts": small_collection("data/quang-tri/quang_tri_districts_simplified.geojson", 2, 12),
    "roads": small_collection("data/quang-tri/quang_tri_major_roads.geojson", 3, 8),
    "places": small_collection("data/quang-tri/quang_tri_places_geonames.geojson", 4, 8),
    "cables": small_collection("data/quang-tri/cables-2017.geojson", 3, 6),
    "olts": small_collection("data/quang-tri/olts-2017.geojson", 3, 6),
    # bad-input tests (SimTests.swift)
    "bad-syntax": "{\"type\": \"FeatureCollection\",\n \"features\": [ x ]}",
    "swapped": '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"1"},"geometry":{"type":"Polygon","coordinates":[[[16.8,107.1],[16.9,107.1],[16.9,107.2],[16.8,107.1]]]}}]}',
    "unclosed": '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"1"},"geometry":{"type":"Polygon","coordinates":[[[107.0,16.8],[107.1,16.8],[107.1,16.9],[107.0,16.9]]]}}]}',
    "bowtie": '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"1","population":5},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}},{"type":"Feature","properties":{"id":"2","population":7},"geometry":{"type":"Point","coordinates":[0.5,0.5]}},{"type":"Feature","properties":{"id":"3"},"geometry":{"type":"MultiPoint","coordinates":[[0.2,0.2],[0.3,0.9]]}}]}',
    "crs": '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:3857"}},"features":[]}',
}
for k, v in gj.items():
    put("geojson", k + ".geojson", v)
    put("geos-geojson", k + ".geojson", v)

# --- CSV ---
put("csv-sites", "sites-2017.csv", head_lines("data/quang-tri/sites-2017.csv", 12))
# Cell lists: an Atoll export, a vendor export, and rows each reader check refuses.
atoll = "Site,Transmitter,Longitude,Latitude,Height (m),Azimuth (°),Mechanical Downtilt (°),Electrical Downtilt (°),Antenna,Power (dBm),DL EARFCN,Bandwidth (MHz),Technology\n"
put("csv-cells", "atoll.csv", atoll + "S1,S1-1,107.1,16.8,30,0,2,4,panel,43,1300,20,LTE\nS1,S1-2,107.1,16.8,30,120,0,6,,43,300,20,E-UTRA\nS2,S2,107.2,16.9,25,,0,0,,40,10688,5,WCDMA\n")
put("csv-cells", "vendor.csv", "enodeb_name,cell_name,lon,lat,antenna_height,azimuth,etilt,mtilt,eirp_dbm,frequency_mhz,rat,status\nA,A1,107.1,16.8,35,90,4,0,60,1842.5,4G,planned\n")
put("csv-cells", "bad.csv", atoll + "S1,S1-1,107.1,16.8,0,400,90,-50,x,99,19575,7,NR\nS1,S1-1,16.8,107.1,30,0,0,0,,43,1300,20,LTE\n")
put("csv-cells", "units.csv", "site,cell,lon,lat,Height (ft),Power (W),band_mhz,technology\nS,C,107.1,16.8,100,20,1800,LTE\n")
h = "id,lon,lat,height_m,technology,band_mhz,power_dbm,azimuths_deg\n"
put("csv-sites", "dup.csv", h + "A,107.1,16.8,30,4G,1815,43,0\nA,107.2,16.8,30,4G,1815,43,0\n")
put("csv-sites", "nan.csv", h + "A,107.1,16.8,nan,4G,1815,43,0\n")
put("csv-sites", "swap.csv", h + "A,16.8,107.1,30,4G,1815,43,0\n")
put("csv-sites", "short.csv", h + "A,107.1,16.8\n")
put("csv-sites", "quoted.csv", "\ufeff" + h.rstrip("\n") + ",year\r\n\"S,1\",107.1,16.8,30,3g,900,43,\"0;120;240\",2017\r\n# comment\r\n")
put("csv-population", "points.csv", "lon,lat,population\n107.1,16.8,120\n107.2,16.9,0\n")
put("csv-population", "commune.csv", head_lines("data/quang-tri/quang_tri_commune_population_2019.csv", 8))
put("csv-population", "bad.csv", "lon,lat,population\n107.1,16.8,-1\n\"107.2,16.9,1e99\n")
put("csv-plan", "costs.csv", read("data/quang-tri/costs.csv"))
put("csv-plan", "targets.csv", "district_id,year,lte_pop_pct,fbb_households_pct,underground_pct\n461,2018,80,,\n461,2020,95,40,10\n464,2019,,20,\n")
put("csv-plan", "targets-2020.csv", read("data/quang-tri/targets-2020.csv"))

# --- Scenario YAML ---
for p in ["data/scenarios/defaults.yaml", "data/scenarios/quang-tri-2017.yaml", "data/scenarios/quang-tri-2020-plan.yaml",
          "data/scenarios/vietnam-national-bench.yaml"]:
    put("yaml-scenario", os.path.basename(p), read(p))
put("yaml-scenario", "typo.yaml", "radio:\n  treshold_dbm: -100\n")
put("yaml-scenario", "type.yaml", "radio:\n  threshold_dbm: loud\n  cell_edge_probability: 1.5\n")
put("yaml-scenario", "unclosed.yaml", "radio: [unclosed\n")
put("yaml-scenario", "alias.yaml", "a: &x 1\nb: *x\nradio:\n  models:\n    - { environment: rural, model: \"okumura-hata:open\" }\n")
put("yaml-scenario", "planner.yaml", "planner:\n  enabled: true\n  budget_vnd: {2018: 1_000_000_000, 2019: 0}\n  method: exact\n")
bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join("a%d: &a%d [%s]\n" % (k, k, ", ".join(["*a%d" % (k - 1)] * 9)) for k in range(1, 10))
put("yaml-scenario", "alias-bomb.yaml", bomb)
put("yaml-scenario", "anchors-quoted.yaml", "name: 'it''s *not* an alias' # *nor this\nradio: &r {threshold_dbm: -100}\n")

# --- Sweeps (the committed yaml-sweep seeds predate this script; these are added beside them) ---
put("yaml-sweep", "alias-bomb.yaml", "base: quang-tri-2017.yaml\naxes:\n  radio.threshold_dbm: [-100]\n" + bomb)
put("yaml-sweep", "huge-product.yaml", "base: quang-tri-2017.yaml\naxes:\n" + "".join(
    "  radio.%s: [1, 2, 3, 4, 5, 6, 7, 8, 9]\n" % k for k in ["threshold_dbm", "rx_height_m", "antenna_gain_dbi", "cable_loss_db",
                                                               "body_loss_db", "indoor_loss_db", "rx_gain_dbi", "shadow_sigma_db", "front_to_back_db"]))

# --- CSV records and the writer's round trip (issue 12: what spreadsheets write) ---
put("csv-table", "crlf-bom.csv", "\ufeffid,name\r\n1,\"Đông Hà, \"\"TP\"\"\"\r\n2,\"two\r\nlines\"\r\n")
put("csv-table", "comments.csv", "# c, \"x\n\na,b\n  \n#x,y\n\"#q\",2\n,\n\"\"\n")
put("csv-table", "bad.csv", "a,b\n1,\"x\"y\n2,\"open\n")
put("csv-table", "cr.csv", "a,b\r1,2\r3,\"\r\"\r")

# --- Terrain: first line the tile name, then the bytes ---
put("terrain", "esri.asc", "N16E107.hgt\nncols 3\nnrows 2\nxllcorner 107.0\nyllcorner 16.5\ncellsize 0.5\nNODATA_value -9999\n1 2 3\n4 -9999 6\n")
put("terrain", "esri-center.asc", "grid.asc\nNCOLS 2\nNROWS 2\nXLLCENTER 0\nYLLCENTER 0\nCELLSIZE 1e-3\n1,2\n3,4\n")
put("terrain", "srtm-name.hgt", b"S01W180.hgt\n" + struct.pack(">8h", 0, 1, -32768, 4, 5, 6, 7, 8))

# --- ITM terrain profiles (sim pathloss --profile): np, spacing m, np + 1 elevations m ---
pfl = [float(v) for v in read("Tests/CoverageTests/Fixtures/itm/pfls.csv").decode().splitlines()[0].split(",") if v.strip()]
step = int(pfl[0]) // 40
cut = pfl[2::step][:41]
put("itm-profile", "ntia-pfl1-every-%dth.txt" % step, "40,%g,%s\n" % (pfl[1] * step, ",".join("%g" % z for z in cut)))
put("itm-profile", "flat-1km.txt", "4 250 10 10 10 10 10\n")
put("itm-profile", "ridge.txt", "6\t500\n0\n20\n80\n300\n80\n20\n0\n")
put("itm-profile", "bad-value.txt", "3,100,0,x,0,0\n")
put("itm-profile", "short.txt", "3,100,0,1,2\n")

# --- WKB ---
def wkb_polygon(rings):
    out = struct.pack("<BII", 1, 3, len(rings))
    for r in rings:
        out += struct.pack("<I", len(r)) + b"".join(struct.pack("<dd", x, y) for x, y in r)
    return out
sq = [(0, 0), (2, 0), (2, 2), (0, 2), (0, 0)]
put("geos-wkb", "square.wkb", wkb_polygon([sq]))
put("geos-wkb", "bowtie.wkb", wkb_polygon([[(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)]]))
put("geos-wkb", "hole.wkb", wkb_polygon([sq, [(0.5, 0.5), (1.5, 0.5), (1.5, 1.5), (0.5, 0.5)]]))
put("geos-wkb", "multipoly.wkb", struct.pack("<BII", 1, 6, 2) + wkb_polygon([sq]) + wkb_polygon([[(1, 1), (3, 1), (3, 3), (1, 1)]]))
put("geos-wkb", "line.wkb", struct.pack("<BII", 1, 2, 3) + struct.pack("<6d", 0, 0, 1, 1, 2, 0))
put("geos-wkb", "point-be.wkb", struct.pack(">BIdd", 0, 1, 0.5, 0.5))
put("geos-wkb", "collection.wkb", struct.pack("<BII", 1, 7, 2) + struct.pack("<BIdd", 1, 1, 0.5, 0.5) + wkb_polygon([sq]))
put("geos-wkb", "polygon-z.wkb", struct.pack("<BII", 1, 1003, 1) + struct.pack("<I", 4) + struct.pack("<12d", 0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1))
