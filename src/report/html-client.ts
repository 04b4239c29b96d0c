/**
 * The page script of the HTML report (plain ES2017, runs in the browser next to the inlined
 * uPlot): reads the chart specs embedded as JSON and draws each one. The percentile charts use a
 * log x axis of 1/(1-q) with ticks at each "nine" (0%, 90%, 99%, 99.9%...), HdrHistogram style.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  var specs = JSON.parse(document.getElementById('chart-data').textContent);
  function pct(x) { return +(100 - 100 / x).toPrecision(7) + '%'; }
  function nines(u, axisIdx, min, max) {
    var out = [];
    for (var v = 1; v <= max * 1.0001; v *= 10) if (v >= min / 1.0001) out.push(v);
    return out;
  }
  specs.forEach(function (spec) {
    var el = document.getElementById(spec.id);
    var isPct = spec.kind === 'percentile';
    var width = Math.max(360, Math.min(1080, el.clientWidth || 900));
    var series = [isPct
      ? { label: 'percentile', value: function (u, v) { return v == null ? '-' : pct(v); } }
      : { label: 'second', value: function (u, v) { return v == null ? '-' : v + ' s'; } }];
    spec.series.forEach(function (s) {
      series.push({ label: s.label, stroke: s.color, width: 2, spanGaps: false,
        value: function (u, v) { return v == null ? '-' : (+v.toFixed(3)).toString(); } });
    });
    var opts = {
      title: spec.title,
      width: width,
      height: 300,
      // y from 0: an auto range around 199..201 req/s would draw noise as a cliff.
      scales: {
        x: isPct ? { time: false, distr: 3, log: 10 } : { time: false },
        y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.05 : 1]; } }
      },
      axes: [
        isPct ? { label: 'percentile', splits: nines, values: function (u, vals) { return vals.map(pct); } }
              : { label: 'seconds since phase start' },
        { label: spec.yLabel, size: 60 }
      ],
      series: series
    };
    var data = [spec.x].concat(spec.series.map(function (s) { return s.values; }));
    new uPlot(opts, data, el);
    el.setAttribute('data-drawn', 'true');
  });
})();`;
