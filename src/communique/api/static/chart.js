// Dyad chart on a canvas: stacked bars of events per quad class on a time axis (periods
// spaced by the time between them), mean Goldstein as a line, and its trend line with the
// trend's 95% interval as a band. Hand-written so the dashboard needs no charting library
// and no network. What was drawn is kept on the canvas (`chart`, and data- attributes).
"use strict";
(function () {
  const canvas = document.getElementById("dyad-chart");
  if (!canvas) return;
  const status = document.getElementById("chart-status");
  const DAY = 86400000;
  const QUADS = [
    ["quad_1", "verbal cooperation", "#4c9a2a"],
    ["quad_2", "material cooperation", "#1f7a5a"],
    ["quad_3", "verbal conflict", "#d98a1c"],
    ["quad_4", "material conflict", "#c0392b"],
  ];
  const LINE = "#16202e", TREND = "#6a3d9a", TREND_BAND = "rgba(106, 61, 154, 0.16)";

  // Dates are the UTC midnights of ISO days, so no time zone moves a period.
  function day(iso) {
    const [y, m, d] = iso.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
  }
  function iso(t) { return new Date(t).toISOString().slice(0, 10); }
  function addMonths(t, n) {
    const d = new Date(t);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate());
  }
  function periodEnd(t, by) {
    if (by === "month") return addMonths(t, 1);
    return t + (by === "week" ? 7 : 1) * DAY;
  }

  // Whole numbers on the count axis: a step of 1, 2 or 5 times a power of ten, at most five.
  function countTicks(max) {
    let step = 1;
    for (let power = 1; ; power *= 10) {
      const found = [1, 2, 5].map((k) => k * power).find((s) => Math.ceil(max / s) <= 5);
      if (found) { step = found; break; }
    }
    const top = Math.max(step, Math.ceil(max / step) * step);
    const ticks = [];
    for (let n = 0; n <= top; n += step) ticks.push(n);
    return ticks;
  }

  // Date ticks at round dates (days, Mondays, first of months, new years), few enough to read.
  const TICK_UNITS = [
    ["day", 1], ["day", 2], ["week", 1], ["week", 2], ["month", 1], ["month", 2], ["month", 3],
    ["month", 6], ["year", 1], ["year", 2], ["year", 5], ["year", 10], ["year", 25], ["year", 50],
  ];
  function ticksOf(unit, n, t0, t1) {
    const out = [];
    if (unit === "day" || unit === "week") {
      const every = (unit === "week" ? 7 : 1) * n;
      // 1970-01-01 was a Thursday: day number + 3 is 0 mod 7 on Mondays
      let k = Math.ceil(t0 / DAY);
      while ((unit === "week" ? k + 3 : k) % every !== 0) k++;
      for (let t = k * DAY; t <= t1; t += every * DAY) out.push(t);
    } else if (unit === "month") {
      const d = new Date(t0);
      let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      if (t < t0) t = addMonths(t, 1);
      while (new Date(t).getUTCMonth() % n !== 0) t = addMonths(t, 1);
      for (; t <= t1; t = addMonths(t, n)) out.push(t);
    } else {
      let y = new Date(t0).getUTCFullYear();
      if (Date.UTC(y, 0, 1) < t0) y++;
      while (y % n !== 0) y++;
      for (; Date.UTC(y, 0, 1) <= t1; y += n) out.push(Date.UTC(y, 0, 1));
    }
    return out;
  }
  function timeTicks(t0, t1, most) {
    let chosen = null;
    for (const [unit, n] of TICK_UNITS) {
      const ticks = ticksOf(unit, n, t0, t1);
      chosen = { unit, ticks };
      if (ticks.length <= most) break;
    }
    const label = (t) => chosen.unit === "year" ? iso(t).slice(0, 4)
      : chosen.unit === "month" ? iso(t).slice(0, 7) : iso(t);
    return chosen.ticks.map((t) => ({ t, label: label(t) }));
  }

  function layout(data, W, H) {
    const pad = { left: 50, right: 55, top: 40, bottom: 50 };
    const plotW = W - pad.left - pad.right, plotH = H - pad.top - pad.bottom;
    const series = data.series.map((p) => {
      const start = day(p.period), end = periodEnd(start, data.by);
      return { ...p, start, end, mid: start + (end - start) / 2 };
    });
    const counts = countTicks(Math.max(0, ...series.map((p) => p.events)));
    const maxCount = counts[counts.length - 1];
    const t0 = series.length ? series[0].start : 0;
    const t1 = series.length ? series[series.length - 1].end : DAY;
    const x = (t) => pad.left + ((t - t0) / (t1 - t0)) * plotW;
    const y = (n) => pad.top + plotH - (n / maxCount) * plotH;
    const g = (v) => pad.top + plotH / 2 - (v / 10) * (plotH / 2);  // Goldstein -10..+10
    const bars = series.map((p) => {
      const left = x(p.start + (p.end - p.start) * 0.1), right = x(p.end - (p.end - p.start) * 0.1);
      return { period: p.period, x: left, width: Math.max(1, right - left), p };
    });
    const band = (data.trend && data.trend.band) || [];
    const usable = band.length >= 2 && band.every((b) => b.fit !== null);
    const trend = usable ? band.map((b) => {
      const start = day(b.period), mid = start + (periodEnd(start, data.by) - start) / 2;
      return {
        period: b.period, x: x(mid), fit: g(b.fit),
        low: b.low === null ? null : g(b.low), high: b.high === null ? null : g(b.high),
      };
    }) : [];
    return {
      pad, plotW, plotH, x, y, g, series, bars, trend, W, H,
      xAxis: "time",
      domain: series.length ? [iso(t0), iso(t1)] : [],
      countTicks: counts,
      timeTicks: series.length ? timeTicks(t0, t1, Math.max(2, Math.floor(plotW / 90))) : [],
    };
  }

  function draw(L) {
    const ctx = canvas.getContext("2d");
    const { pad, plotW, plotH, x, y, g, W, H } = L;
    ctx.clearRect(0, 0, W, H);
    ctx.font = "12px system-ui, sans-serif";
    // count axis and grid: whole numbers only
    ctx.strokeStyle = "#d9dde3";
    ctx.fillStyle = "#6b7380";
    ctx.textAlign = "right";
    L.countTicks.forEach((n) => {
      const yy = y(n);
      ctx.beginPath(); ctx.moveTo(pad.left, yy); ctx.lineTo(pad.left + plotW, yy); ctx.stroke();
      ctx.fillText(String(n), pad.left - 6, yy + 4);
    });
    ctx.textAlign = "left";
    [-10, -5, 0, 5, 10].forEach((v) => ctx.fillText((v > 0 ? "+" : "") + v, pad.left + plotW + 6, g(v) + 4));
    ctx.save(); ctx.translate(14, pad.top + plotH / 2); ctx.rotate(-Math.PI / 2);
    ctx.textAlign = "center"; ctx.fillText("events", 0, 0); ctx.restore();
    ctx.save(); ctx.translate(W - 8, pad.top + plotH / 2); ctx.rotate(Math.PI / 2);
    ctx.textAlign = "center"; ctx.fillText("mean Goldstein", 0, 0); ctx.restore();
    if (L.series.length === 0) {
      ctx.textAlign = "center";
      ctx.fillText("No counted, dated events between these sides.", W / 2, H / 2);
      return;
    }
    // time axis: round dates, spaced by the time between them
    ctx.strokeStyle = "#6b7380";
    ctx.beginPath(); ctx.moveTo(pad.left, pad.top + plotH); ctx.lineTo(pad.left + plotW, pad.top + plotH); ctx.stroke();
    ctx.fillStyle = "#1d2430"; ctx.textAlign = "center";
    L.timeTicks.forEach((tick) => {
      const xx = x(tick.t);
      ctx.beginPath(); ctx.moveTo(xx, pad.top + plotH); ctx.lineTo(xx, pad.top + plotH + 5); ctx.stroke();
      ctx.fillText(tick.label, xx, pad.top + plotH + 18);
    });
    // the trend's interval behind the bars, cut at the edges of the plot
    if (L.trend.length && L.trend.every((t) => t.low !== null && t.high !== null)) {
      ctx.save();
      ctx.beginPath(); ctx.rect(pad.left, pad.top, plotW, plotH); ctx.clip();
      ctx.fillStyle = TREND_BAND;
      ctx.beginPath();
      L.trend.forEach((t, i) => (i === 0 ? ctx.moveTo(t.x, t.high) : ctx.lineTo(t.x, t.high)));
      [...L.trend].reverse().forEach((t) => ctx.lineTo(t.x, t.low));
      ctx.closePath(); ctx.fill();
      ctx.restore();
    }
    // bars, each over its own period
    L.bars.forEach(({ x: left, width, p }) => {
      let base = 0;
      QUADS.forEach(([key, , colour]) => {
        const n = p[key];
        if (!n) return;
        ctx.fillStyle = colour;
        ctx.fillRect(left, y(base + n), width, y(base) - y(base + n));
        base += n;
      });
    });
    // the trend's line over the bars, cut at the edges of the plot
    if (L.trend.length) {
      ctx.save();
      ctx.beginPath(); ctx.rect(pad.left, pad.top, plotW, plotH); ctx.clip();
      ctx.strokeStyle = TREND; ctx.lineWidth = 2; ctx.setLineDash([6, 4]); ctx.beginPath();
      L.trend.forEach((t, i) => (i === 0 ? ctx.moveTo(t.x, t.fit) : ctx.lineTo(t.x, t.fit)));
      ctx.stroke(); ctx.setLineDash([]);
      ctx.restore();
    }
    // mean Goldstein: the line breaks over periods without events
    ctx.strokeStyle = LINE; ctx.lineWidth = 2; ctx.beginPath();
    let previous = null;
    L.series.forEach((p) => {
      if (p.goldstein_mean === null) { previous = null; return; }
      const xx = x(p.mid), yy = g(p.goldstein_mean);
      if (previous && previous.end === p.start) ctx.lineTo(xx, yy); else ctx.moveTo(xx, yy);
      previous = p;
    });
    ctx.stroke();
    ctx.fillStyle = LINE;
    L.series.forEach((p) => {
      if (p.goldstein_mean === null) return;
      ctx.beginPath(); ctx.arc(x(p.mid), g(p.goldstein_mean), 3.5, 0, 2 * Math.PI); ctx.fill();
    });
    ctx.lineWidth = 1;
    // legend
    let lx = pad.left;
    ctx.textAlign = "left";
    QUADS.forEach(([, label, colour]) => {
      ctx.fillStyle = colour; ctx.fillRect(lx, 12, 12, 12);
      ctx.fillStyle = "#1d2430"; ctx.fillText(label, lx + 16, 22);
      lx += ctx.measureText(label).width + 30;
    });
    ctx.strokeStyle = LINE; ctx.lineWidth = 2;
    ctx.beginPath(); ctx.moveTo(lx, 18); ctx.lineTo(lx + 14, 18); ctx.stroke(); ctx.lineWidth = 1;
    ctx.fillStyle = "#1d2430"; ctx.fillText("mean Goldstein", lx + 18, 22);
    lx += ctx.measureText("mean Goldstein").width + 30;
    if (L.trend.length) {
      ctx.fillStyle = TREND_BAND; ctx.fillRect(lx, 12, 14, 12);
      ctx.strokeStyle = TREND; ctx.lineWidth = 2; ctx.setLineDash([4, 3]);
      ctx.beginPath(); ctx.moveTo(lx, 18); ctx.lineTo(lx + 14, 18); ctx.stroke();
      ctx.setLineDash([]); ctx.lineWidth = 1;
      ctx.fillStyle = "#1d2430"; ctx.fillText("trend, 95% interval", lx + 18, 22);
    }
  }

  // two decimals, or two significant digits for the small slopes of daily series
  function signed(v) {
    const text = v === 0 || Math.abs(v) >= 0.01 ? v.toFixed(2) : v.toPrecision(2);
    return (v >= 0 ? "+" : "") + text;
  }

  fetch(canvas.dataset.src, { headers: { Accept: "application/json" } })
    .then((response) => response.json().then((data) => ({ ok: response.ok, data })))
    .then(({ ok, data }) => {
      if (!ok) throw new Error(data.error ? data.error.message : "request failed");
      const L = layout(data, canvas.width, canvas.height);
      draw(L);
      canvas.chart = {
        xAxis: L.xAxis,
        domain: L.domain,
        countTicks: L.countTicks,
        timeTicks: L.timeTicks.map((t) => ({ date: iso(t.t), label: t.label, x: L.x(t.t) })),
        bars: L.bars.map((b) => ({ period: b.period, x: b.x, width: b.width })),
        trend: L.trend,
      };
      canvas.dataset.xAxis = L.xAxis;
      canvas.dataset.countTicks = L.countTicks.join(",");
      canvas.dataset.trend = !L.trend.length ? "none"
        : L.trend.every((t) => t.low !== null) ? "line+interval" : "line";
      canvas.dataset.drawn = "true";
      canvas.dataset.periods = String(data.series.length);
      const t = data.trend;
      let said = data.series.length + " periods; trend: " + t.interpretation;
      if (t.slope !== null && t.ci_low !== null) {
        said += " (mean Goldstein " + signed(t.slope) + " per " + data.by + ", 95% interval "
          + signed(t.ci_low) + " to " + signed(t.ci_high) + ")";
      }
      status.textContent = said + ".";
    })
    .catch((err) => { status.textContent = "Chart unavailable: " + err.message; });
})();
