#!/usr/bin/env python3
"""Loads an ldlint HTML report (-f html) in headless Chromium and checks
it the way a person would see it: the page loads with no console errors,
no exceptions and no network request (only the file itself); the regions
table lists the regions expected; the findings are there; the treemap is
drawn and zooms into a box when it is clicked and back out from its
crumbs; the memory picture is inline; and a screenshot of the page is not
blank (many colours, much of it not background).

Chromium is driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: JSON messages ending in NUL on fds 3 and 4), so
nothing but the standard library and Debian's chromium is needed.

usage: html_check.py REPORT.html [--regions A,B] [--findings N]
                     [--treemap] [--screenshot OUT.png]
Exit 0 when every check passes; otherwise each failure on its own line.
'Skip: why' and exit 77 when no Chromium is installed.
"""
import argparse
import base64
import fcntl
import json
import os
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

TIMEOUT = 90

PROBE = r"""
(function () {
  var q = function (s) { return document.querySelectorAll(s); };
  var r = {};
  r.regions = Array.prototype.map.call(q('#ld-region-table tbody tr'),
      function (tr) { return tr.cells[0].textContent; });
  r.findings = q('#ld-findings article.finding:not(.fixed)').length;
  r.fixed = q('#ld-findings article.finding.fixed').length;
  r.excerpts = q('#ld-findings pre.src').length;
  r.picture = q('#ld-picture svg').length;
  r.nodes = q('#ld-treemap .tm-node').length;
  r.labels = Array.prototype.map.call(q('#ld-treemap .tm-node > .tm-label'),
      function (e) { return e.textContent; }).slice(0, 12);
  r.crumbs = q('#ld-crumbs button').length;
  var zoomable = null;
  Array.prototype.some.call(q('#ld-treemap .tm-node'), function (e) {
    if (!e.classList.contains('tm-leaf') && e.offsetWidth > 40) { zoomable = e; return true; }
    return false;
  });
  if (zoomable) {
    r.zoomedInto = zoomable.querySelector('.tm-label') ?
      zoomable.querySelector('.tm-label').textContent : '';
    zoomable.click();
    r.crumbsZoomed = q('#ld-crumbs button').length;
    r.nodesZoomed = q('#ld-treemap .tm-node').length;
    q('#ld-crumbs button')[0].click();
    r.crumbsBack = q('#ld-crumbs button').length;
  }
  r.scripts = q('script:not([type])').length;
  r.external = q('[src], link[href]').length;
  r.height = document.documentElement.scrollHeight;
  return JSON.stringify(r);
})()
"""


class Chrome:
    """One headless Chromium, spoken to over the DevTools pipe."""

    def __init__(self, exe, profile):
        cmd_r, self.cmd_w = os.pipe()       # we write, Chromium reads fd 3
        self.ev_r, ev_w = os.pipe()         # Chromium writes fd 4, we read
        # out of the way of 3 and 4, which the child's dup2 makes
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (cmd_r, ev_w)]
        os.close(cmd_r)
        os.close(ev_w)
        cmd_r, ev_w = high

        def fds():
            os.dup2(cmd_r, 3)
            os.dup2(ev_w, 4)
        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu",
             "--remote-debugging-pipe", "--no-first-run", "--no-default-browser-check",
             "--disable-extensions", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--hide-scrollbars",
             "--user-data-dir=" + profile, "about:blank"],
            pass_fds=(3, 4, cmd_r, ev_w), preexec_fn=fds, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(cmd_r)
        os.close(ev_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def _read(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError("Chromium did not answer")
            ready, _, _ = select.select([self.ev_r], [], [], left)
            if ready:
                chunk = os.read(self.ev_r, 1 << 20)
                if not chunk:
                    raise EOFError("Chromium closed the pipe")
                self.buf += chunk
        msg, _, self.buf = self.buf.partition(b"\0")
        return json.loads(msg)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.cmd_w, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + TIMEOUT
        while True:
            m = self._read(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method, seconds=TIMEOUT):
        deadline = time.time() + seconds
        while True:
            for i, m in enumerate(self.events):
                if m.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read(deadline))

    def close(self):
        try:
            self.call("Browser.close")
        except (RuntimeError, EOFError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def png_pixels(data):
    """(width, height, rows of RGB tuples) of an 8-bit RGB or RGBA PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                raise ValueError(f"PNG depth {depth} colour type {ctype}")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else
                                      b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(0, w, 4)])
        prev = line
    return w, h, rows


def blank_problem(png):
    """Why a screenshot looks blank, or None."""
    w, h, rows = png_pixels(png)
    pixels = [p for row in rows[::4] for p in row]
    colours = len(set(pixels))
    inked = sum(1 for p in pixels if p != (255, 255, 255)) / max(len(pixels), 1)
    if w < 200 or h < 200:
        return f"the screenshot is {w}x{h}"
    if colours < 16 or inked < 0.05:
        return f"the screenshot looks blank: {colours} colours, {inked:.1%} not white"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("report")
    ap.add_argument("--regions", default=None)
    ap.add_argument("--findings", type=int, default=None)
    ap.add_argument("--fixed", type=int, default=None)
    ap.add_argument("--treemap", action="store_true")
    ap.add_argument("--screenshot", default=None)
    ap.add_argument("--width", type=int, default=1280)
    args = ap.parse_args()
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or \
        shutil.which("google-chrome")
    if not exe:
        print("skip: chromium is not installed (apt-get install chromium)")
        return 77
    url = "file://" + os.path.abspath(args.report)
    problems = []
    with tempfile.TemporaryDirectory() as profile:
        chrome = Chrome(exe, profile)
        try:
            target = chrome.call("Target.createTarget", {"url": "about:blank"})
            sess = chrome.call("Target.attachToTarget", {
                "targetId": target["targetId"], "flatten": True})["sessionId"]
            for domain in ("Page", "Runtime", "Log", "Network"):
                chrome.call(domain + ".enable", session=sess)
            chrome.call("Emulation.setDeviceMetricsOverride", {
                "width": args.width, "height": 900, "deviceScaleFactor": 1,
                "mobile": False}, session=sess)
            chrome.call("Page.navigate", {"url": url}, session=sess)
            chrome.wait_event("Page.loadEventFired")
            result = chrome.call("Runtime.evaluate", {
                "expression": PROBE, "returnByValue": True}, session=sess)
            if "exceptionDetails" in result:
                problems.append(f"the probe failed: {result['exceptionDetails']}")
                dom = {}
            else:
                dom = json.loads(result["result"]["value"])
            # the whole page, always: the blank check needs it
            height = min(max(dom.get("height", 900), 900), 6000)
            chrome.call("Emulation.setDeviceMetricsOverride", {
                "width": args.width, "height": height, "deviceScaleFactor": 1,
                "mobile": False}, session=sess)
            shot = base64.b64decode(chrome.call("Page.captureScreenshot", {
                "format": "png"}, session=sess)["data"])
            chrome.call("Runtime.evaluate", {"expression": "0"}, session=sess)
        except (RuntimeError, EOFError, TimeoutError, OSError) as e:
            print(f"FAIL {args.report}: Chromium: {e}")
            chrome.close()
            return 1
        chrome.close()
    for m in chrome.events:
        meth, p = m.get("method"), m.get("params", {})
        if meth == "Runtime.exceptionThrown":
            problems.append(f"exception: {p['exceptionDetails'].get('text')} "
                            f"{p['exceptionDetails'].get('exception', {}).get('description', '')}")
        elif meth == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
            problems.append("console " + p["type"] + ": " + " ".join(
                str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
        elif meth == "Log.entryAdded" and p["entry"].get("level") in ("error", "warning"):
            problems.append(f"log {p['entry']['level']}: {p['entry'].get('text')}")
        elif meth == "Network.requestWillBeSent" and p["request"]["url"] != url:
            problems.append(f"a network request: {p['request']['url'][:120]}")
    if args.regions is not None:
        want = [r for r in args.regions.split(",") if r]
        if dom.get("regions") != want:
            problems.append(f"regions table lists {dom.get('regions')}, not {want}")
    if args.findings is not None and dom.get("findings") != args.findings:
        problems.append(f"{dom.get('findings')} findings shown, not {args.findings}")
    if args.fixed is not None and dom.get("fixed") != args.fixed:
        problems.append(f"{dom.get('fixed')} fixed findings shown, not {args.fixed}")
    if args.findings and dom.get("excerpts", 0) < 1:
        problems.append("no source excerpt with the findings")
    if dom.get("picture") != 1:
        problems.append("no inline memory picture")
    if dom.get("external"):
        problems.append(f"{dom['external']} elements refer to other files")
    if args.treemap:
        if dom.get("nodes", 0) < 2:
            problems.append(f"the treemap has {dom.get('nodes')} boxes")
        elif dom.get("crumbsZoomed") != dom.get("crumbs", 0) + 1 or \
                dom.get("crumbsBack") != 1 or not dom.get("nodesZoomed"):
            problems.append(f"zooming into {dom.get('zoomedInto')!r} did not work: "
                            f"crumbs {dom.get('crumbs')} -> {dom.get('crumbsZoomed')} -> "
                            f"{dom.get('crumbsBack')}, {dom.get('nodesZoomed')} boxes")
    why = blank_problem(shot)
    if why:
        problems.append(why)
    if args.screenshot:
        with open(args.screenshot, "wb") as f:
            f.write(shot)
    for p in problems:
        print(f"FAIL {args.report}: {p}")
    if not problems:
        print(f"ok {args.report}: regions {dom.get('regions')}, {dom.get('findings')} "
              f"findings, {dom.get('nodes')} treemap boxes, zoomed into "
              f"{dom.get('zoomedInto')!r}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
