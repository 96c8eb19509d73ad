"""Pages in a real headless browser (Debian's chromium): Datasette via `banli serve`, and the review page."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_analyst import analyst_db, db_copy  # noqa: F401  (fixtures)

ARTIFACTS = ROOT / "tests" / "artifacts"
BANLI = Path(sys.executable).with_name("banli")


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    assert exe, "Debian's chromium is required: apt-get install -y chromium chromium-driver (make system-deps)"
    return exe


def run_chromium(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{time.monotonic_ns()}"
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
           f"--user-data-dir={profile}", "--virtual-time-budget=5000", *args, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def dump_dom(tmp_path: Path, url: str) -> str:
    r = run_chromium(tmp_path, url, "--dump-dom")
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(db_copy, tmp_path):
    port = free_port()
    log = open(tmp_path / "serve.log", "w")
    proc = subprocess.Popen([str(BANLI), "serve", "--db", str(db_copy), "--port", str(port)], stdout=log,
                            stderr=subprocess.STDOUT, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / "serve.log").read_text()
                time.sleep(0.2)
        else:
            raise AssertionError("banli serve did not start: " + (tmp_path / "serve.log").read_text())
        yield base, db_copy.stem
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_datasette_facets_and_search_in_chromium(server, tmp_path):
    base, name = server
    dom = dump_dom(tmp_path, f"{base}/{name}/v_suggestions_joined")
    text = _text(dom)
    # facets configured in the metadata, with their counts
    assert re.search(r"jurisdiction.*?泽州县 16", text), text[:3000]
    assert re.search(r"year.*?2025 16", text)
    assert re.search(r"domain.*?城建环资 6", text)
    assert "transport 2" in text and "education 2" in text
    # the search box of the suggestions table uses the jieba-segmented FTS table
    dom = dump_dom(tmp_path, f"{base}/{name}/suggestions?" + urllib.parse.urlencode({"_search": "供暖"}))
    text = _text(dom)
    assert 'name="_search"' in dom
    assert "1 row" in text and "关于解决农村居民冬季供暖问题的建议" in text and "任素芳" in text
    assert "关于完善泽州县养老服务体系的建议" not in text
    # metadata: a column description with its unit
    dom = dump_dom(tmp_path, f"{base}/{name}/figures")
    assert "normalised value (money in CNY)" in _text(dom)


def test_datasette_is_read_only(server):
    base, name = server
    q = urllib.parse.urlencode({"sql": "delete from suggestions"})
    try:
        body = urllib.request.urlopen(f"{base}/{name}.json?{q}", timeout=10).read().decode()
    except urllib.error.HTTPError as e:
        body = e.read().decode()
    assert "error" in body.lower()
    rows = urllib.request.urlopen(f"{base}/{name}/suggestions.json?_shape=array&_size=100", timeout=10).read()
    assert rows.decode().count('"seq"') == 16


def test_review_page_in_chromium(db_copy, tmp_path):
    from PIL import Image

    from pipeline.review import write_review

    page = write_review("1", tmp_path / "review.html", db_copy)
    dom = dump_dom(tmp_path, page.as_uri())
    assert len(re.findall(r'<mark id="m\d+" class="title"', dom)) == 16
    assert re.search(r'<mark[^>]*class="deputy"[^>]*>任素芳</mark>', dom)
    assert "建议标题 title (16)" in dom and "代表 deputy (16)" in dom
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "review.png"
    shot.unlink(missing_ok=True)
    r = run_chromium(tmp_path, page.as_uri(), f"--screenshot={shot}", "--window-size=1400,1000")
    assert r.returncode == 0 and shot.exists(), r.stderr[-2000:]
    im = Image.open(shot).convert("RGB")
    assert im.size == (1400, 1000)
    colours = {c for _, c in im.getcolors(maxcolors=1 << 24)}
    assert (0xcf, 0xe3, 0xff) in colours and (0xff, 0xd6, 0xa8) in colours  # title and deputy highlights drawn


def test_review_page_click_shows_normalised_value(db_copy, tmp_path):
    """Clicking a highlighted field (and its side-list entry) shows the normalised value (selenium + chromedriver)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    from pipeline.review import write_review

    page = write_review("1", tmp_path / "review.html", db_copy)
    driver_exe = shutil.which("chromedriver")
    assert driver_exe, "Debian's chromium-driver is required (make system-deps)"
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium()
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
              f"--user-data-dir={tmp_path / 'selenium-profile'}", "--window-size=1400,1000"):
        opts.add_argument(a)
    driver = webdriver.Chrome(service=Service(driver_exe), options=opts)
    try:
        driver.get(page.as_uri())
        money = [m for m in driver.find_elements(By.CSS_SELECTOR, "mark.figure") if m.text.replace(" ", "") == "1.7亿元"]
        assert money, "the 1.7亿元 figure is highlighted"
        driver.execute_script("arguments[0].scrollIntoView({block:'center'})", money[0])
        money[0].click()
        value = driver.find_element(By.ID, "value").text
        assert '"value": 170000000.0' in value and '"unit": "CNY"' in value and '"seq": 14' in value
        entry = [li for li in driver.find_elements(By.CSS_SELECTOR, "#side li.deputy") if li.text == "任素芳"][0]
        driver.execute_script("arguments[0].scrollIntoView()", entry)
        entry.click()
        assert driver.find_element(By.ID, "value").text.startswith("deputy: 任素芳")
        assert driver.find_element(By.CSS_SELECTOR, "mark.active").text == "任素芳"
    finally:
        driver.quit()
