#!/usr/bin/python3
"""`sim serve` in a real browser: headless Chromium driven through WebDriver (Debian's chromium-driver and
python3-selenium). Opens the page with its token, switches to "add site", clicks on the map at a known place,
waits for the district table, and checks every district's 4G population % on the page against `sim run` of
the scenario with that same site added (the site's row written from the page's own state, so the comparison
is of the computation, not of the click). The screenshot stays in OUT/serve.png (a CI artefact).

Usage: scripts/check_serve.py URL SIM SCENARIO OUT
"""
import csv, json, os, subprocess, sys, time
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

url, sim, scenario, out = sys.argv[1:5]
checks = []
def check(ok, what):
    checks.append(ok)
    print(("ok: " if ok else "FAILED: ") + what)

opts = webdriver.ChromeOptions()
for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1500,950", "--hide-scrollbars"]:
    opts.add_argument(a)
opts.binary_location = "/usr/bin/chromium"
opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
try:
    driver.get(url)
    def wait(cond, what, seconds=60):
        t0 = time.time()
        while time.time() - t0 < seconds:
            v = driver.execute_script(cond)
            if v: return v
            time.sleep(0.2)
        raise SystemExit("check-serve: timed out waiting for " + what)
    wait("return window.simState && document.querySelectorAll('#table tbody tr').length > 1", "the district table")
    start = driver.execute_script("return window.simState")
    rows = driver.find_elements(By.CSS_SELECTOR, "#table tbody tr")
    check(len(rows) == len(start["districts"]) + 1, f"table has a row per district and the province ({len(rows)})")
    # A place in Đa Krông's hills 3 km east and 4 km south of site QT0092 (metres in the run's CRS).
    ref = next(s for s in start["sites"] if s["id"] == "QT0092")
    target = {"x": ref["x"] + 3000, "y": ref["y"] - 4000}
    svg = driver.find_element(By.ID, "svg")
    pt = driver.execute_script("const p=window.simMap.toScreen(arguments[0],arguments[1]);const r=document.getElementById('svg').getBoundingClientRect();"
                               "return [p.x-(r.left+r.width/2), p.y-(r.top+r.height/2)]", target["x"], target["y"])
    driver.find_element(By.ID, "bAdd").click()
    n0 = len(start["sites"])
    t0 = time.time()
    ActionChains(driver).move_to_element_with_offset(svg, int(round(pt[0])), int(round(pt[1]))).click().perform()
    wait(f"return window.simState.sites.length > {n0} && !window.simMap.busy()", "the added site")
    seconds = time.time() - t0
    state = driver.execute_script("return window.simState")
    site = state["sites"][-1]
    check(site["added"] and abs(site["x"] - target["x"]) < 500 and abs(site["y"] - target["y"]) < 500,
          f"site {site['id']} added where clicked ({site['x']:.0f}, {site['y']:.0f} vs {target['x']:.0f}, {target['y']:.0f})")
    touched = [r.get_attribute("data-id") for r in driver.find_elements(By.CSS_SELECTOR, "#table tbody tr.touched")]
    check(len(touched) >= 1, f"the table marks the districts the edit touched ({', '.join(touched)}) in {seconds:.2f} s")
    page = {r.get_attribute("data-id"): float(r.find_element(By.CSS_SELECTOR, "td[data-value]").get_attribute("data-value"))
            for r in driver.find_elements(By.CSS_SELECTOR, "#table tbody tr")}
    latency = driver.find_element(By.ID, "status").text
    check("ms" in latency, f"the page shows the edit's time: {latency}")
    driver.save_screenshot(os.path.join(out, "serve.png"))
    errors = [l for l in driver.get_log("browser") if l["level"] == "SEVERE"]
    check(not errors, "no console errors" + ("" if not errors else ": " + "; ".join(e["message"] for e in errors)))
finally:
    driver.quit()

# The reference: `sim run` of the scenario with the same row appended to its site list.
base = os.path.join(os.path.dirname(os.path.abspath(scenario)), "..", "quang-tri", "sites-2017.csv")
with open(base, encoding="utf-8-sig") as f:
    lines = [l for l in f.read().splitlines() if l and not l.startswith("#")]
header = lines[0].split(",")
row = {"id": site["id"], "lon": repr(site["lon"]), "lat": repr(site["lat"]), "height_m": repr(site["height_m"]), "technology": site["technology"],
       "band_mhz": repr(site["band_mhz"]), "power_dbm": repr(site["power_dbm"]), "azimuths_deg": ";".join(repr(a) for a in site["azimuths_deg"])}
with open(os.path.join(out, "sites.csv"), "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n" + ",".join(row.get(h, "") for h in header) + "\n")
with open(os.path.join(out, "scenario.yaml"), "w", encoding="utf-8") as f:
    f.write(f'extends: {json.dumps(os.path.abspath(scenario))}\ninputs:\n  sites: "sites.csv"\n')
r = subprocess.run([sim, "run", os.path.join(out, "scenario.yaml"), "--no-plan", "--out", os.path.join(out, "run")], capture_output=True, text=True)
check(r.returncode == 0, "sim run of the scenario with the site added" + ("" if r.returncode == 0 else ": " + r.stderr[-500:]))
with open(os.path.join(out, "run", "districts.csv"), encoding="utf-8-sig") as f:
    ran = {d["id"]: float(d["lte_pop_pct"]) for d in csv.DictReader(f)}
for d in state["districts"]:
    # districts.csv rounds to 2 decimals; the page's value has 3.
    check(abs(round(page[d["id"]], 2) - ran[d["id"]]) < 0.0051, f"{d['name']}: page {page[d['id']]} % = sim run {ran[d['id']]} %")
changed = [d["id"] for d in state["districts"] if page[d["id"]] != d["start_lte_pop_pct"]]
check(len(changed) >= 1, f"the new site changes the 4G population of {', '.join(changed)}")
print(f"check-serve: {sum(checks)} passed, {len(checks) - sum(checks)} failed")
sys.exit(0 if all(checks) else 1)
