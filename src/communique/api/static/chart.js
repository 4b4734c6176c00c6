// Dyad chart on a canvas: stacked bars of events per quad class, mean Goldstein as a line.
// Hand-written so the dashboard needs no charting library and no network.
"use strict";
(function () {
  const canvas = document.getElementById("dyad-chart");
  if (!canvas) return;
  const status = document.getElementById("chart-status");
  const QUADS = [
    ["quad_1", "verbal cooperation", "#4c9a2a"],
    ["quad_2", "material cooperation", "#1f7a5a"],
    ["quad_3", "verbal conflict", "#d98a1c"],
    ["quad_4", "material conflict", "#c0392b"],
  ];

  function draw(series) {
    const ctx = canvas.getContext("2d");
    const W = canvas.width, H = canvas.height;
    const pad = { left: 50, right: 55, top: 40, bottom: 50 };
    const plotW = W - pad.left - pad.right, plotH = H - pad.top - pad.bottom;
    ctx.clearRect(0, 0, W, H);
    ctx.font = "12px system-ui, sans-serif";
    const maxEvents = Math.max(4, Math.ceil(Math.max(...series.map((p) => p.events)) / 4) * 4);
    const y = (n) => pad.top + plotH - (n / maxEvents) * plotH;
    const g = (v) => pad.top + plotH / 2 - (v / 10) * (plotH / 2);  // Goldstein -10..+10
    // axes and grid
    ctx.strokeStyle = "#d9dde3";
    ctx.fillStyle = "#6b7380";
    ctx.textAlign = "right";
    for (let i = 0; i <= 4; i++) {
      const n = (maxEvents * i) / 4, yy = y(n);
      ctx.beginPath(); ctx.moveTo(pad.left, yy); ctx.lineTo(pad.left + plotW, yy); ctx.stroke();
      ctx.fillText(Number.isInteger(n) ? n : n.toFixed(1), pad.left - 6, yy + 4);
    }
    ctx.textAlign = "left";
    [-10, -5, 0, 5, 10].forEach((v) => ctx.fillText((v > 0 ? "+" : "") + v, pad.left + plotW + 6, g(v) + 4));
    ctx.save(); ctx.translate(14, pad.top + plotH / 2); ctx.rotate(-Math.PI / 2);
    ctx.textAlign = "center"; ctx.fillText("events", 0, 0); ctx.restore();
    ctx.save(); ctx.translate(W - 8, pad.top + plotH / 2); ctx.rotate(Math.PI / 2);
    ctx.textAlign = "center"; ctx.fillText("mean Goldstein", 0, 0); ctx.restore();
    if (series.length === 0) {
      ctx.textAlign = "center";
      ctx.fillText("No counted, dated events between these sides.", W / 2, H / 2);
      return;
    }
    // bars
    const slot = plotW / series.length, barW = Math.max(2, Math.min(48, slot * 0.7));
    series.forEach((p, i) => {
      const x = pad.left + slot * i + (slot - barW) / 2;
      let base = 0;
      QUADS.forEach(([key, , colour]) => {
        const n = p[key];
        if (!n) return;
        ctx.fillStyle = colour;
        ctx.fillRect(x, y(base + n), barW, y(base) - y(base + n));
        base += n;
      });
      if (series.length <= 24 || i % Math.ceil(series.length / 24) === 0) {
        ctx.fillStyle = "#1d2430"; ctx.textAlign = "center";
        ctx.fillText(p.period, pad.left + slot * i + slot / 2, pad.top + plotH + 16);
      }
    });
    // Goldstein line
    ctx.strokeStyle = "#16202e"; ctx.lineWidth = 2; ctx.beginPath();
    series.forEach((p, i) => {
      const x = pad.left + slot * i + slot / 2, yy = g(p.goldstein_mean ?? 0);
      if (i === 0) ctx.moveTo(x, yy); else ctx.lineTo(x, yy);
    });
    ctx.stroke();
    ctx.fillStyle = "#16202e";
    series.forEach((p, i) => {
      ctx.beginPath();
      ctx.arc(pad.left + slot * i + slot / 2, g(p.goldstein_mean ?? 0), 3.5, 0, 2 * Math.PI);
      ctx.fill();
    });
    ctx.lineWidth = 1;
    // legend
    let lx = pad.left;
    ctx.textAlign = "left";
    QUADS.forEach(([, label, colour]) => {
      ctx.fillStyle = colour; ctx.fillRect(lx, 12, 12, 12);
      ctx.fillStyle = "#1d2430"; ctx.fillText(label, lx + 16, 22);
      lx += ctx.measureText(label).width + 36;
    });
    ctx.strokeStyle = "#16202e"; ctx.lineWidth = 2;
    ctx.beginPath(); ctx.moveTo(lx, 18); ctx.lineTo(lx + 14, 18); ctx.stroke(); ctx.lineWidth = 1;
    ctx.fillText("mean Goldstein", lx + 18, 22);
  }

  fetch(canvas.dataset.src, { headers: { Accept: "application/json" } })
    .then((response) => response.json().then((data) => ({ ok: response.ok, data })))
    .then(({ ok, data }) => {
      if (!ok) throw new Error(data.error ? data.error.message : "request failed");
      draw(data.series);
      canvas.dataset.drawn = "true";
      canvas.dataset.periods = String(data.series.length);
      status.textContent = data.series.length + " periods; trend: " + data.trend.interpretation + ".";
    })
    .catch((err) => { status.textContent = "Chart unavailable: " + err.message; });
})();
