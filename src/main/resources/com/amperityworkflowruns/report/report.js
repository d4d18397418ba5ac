// Builds the page from the embedded data with Apache ECharts (inlined above). Only chart
// options are written here; ECharts draws. Every chart container gets data-rendered="true" once
// its chart has finished drawing, which the browser test checks.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var root = document.getElementById('report');
  var PALETTE = ['#3b6fb6', '#e07b39', '#4c9f70', '#c44e52', '#8172b3', '#937860', '#da8bc3',
    '#8c8c8c', '#ccb974', '#64b5cd', '#2f4b7c', '#a05195'];
  var STATE_COLORS = { SUCCEEDED: '#4c9f70', FAILED: '#c44e52', CANCELED: '#e0a339',
    STOPPED: '#8d99ae', OPEN: '#64b5cd' };
  var STATE_LABELS = { SUCCEEDED: 'succeeded', FAILED: 'failed', CANCELED: 'canceled',
    STOPPED: 'stopped', OPEN: 'still open' };
  var WHO_COLORS = { customer: '#e07b39', platform: '#3b6fb6', 'not given': '#b0b7c3' };
  var VISIBLE_SERIES = 6;
  var FONT = '-apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  var charts = [];

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text != null) { e.textContent = text; }
    return e;
  }
  function num(n) { return n == null ? '–' : Number(n).toLocaleString('en-US'); }
  function pct(x) { return x == null ? '–' : (x * 100).toFixed(1) + '%'; }
  function dur(ms) {
    if (ms == null) { return '–'; }
    var s = Math.round(ms / 1000);
    if (s >= 3600) { return Math.floor(s / 3600) + 'h' + pad(Math.floor((s % 3600) / 60)) + 'm'; }
    if (s >= 60) { return Math.floor(s / 60) + 'm' + pad(s % 60) + 's'; }
    return s + 's';
  }
  // Tooltips are HTML: names from the API are escaped before they go in.
  function esc(text) { return echarts.format.encodeHTML(String(text)); }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function minutes(ms) { return ms == null ? null : Math.max(ms / 60000, 0.01); }
  function dayRange(from, toExclusive) {
    var last = new Date(Date.parse(toExclusive + 'T00:00:00Z') - 86400000).toISOString().slice(0, 10);
    return from === last ? from : from + ' to ' + last;
  }
  // Types share long parts ("amperity.", "/run"): charts show them without, the table in full.
  var typeNames = data.types ? data.types.map(function (t) { return t.type; }) : [];
  var typePrefix = commonEnd(typeNames, false, /[.\/]/);
  var typeSuffix = commonEnd(typeNames, true, /[.\/]/);
  function commonEnd(names, suffix, separator) {
    if (names.length < 2) { return ''; }
    var first = names[0];
    var n = 0;
    while (n < first.length && names.every(function (x) {
      return x.length > n && (suffix ? x[x.length - 1 - n] === first[first.length - 1 - n] : x[n] === first[n]);
    })) { n++; }
    var part = suffix ? first.slice(first.length - n) : first.slice(0, n);
    // Cut at a separator, so that "amperity.c" becomes "amperity.".
    var i = suffix ? part.search(separator) : Math.max(part.lastIndexOf('.'), part.lastIndexOf('/')) + 1;
    return suffix ? (i < 0 ? '' : part.slice(i)) : part.slice(0, i);
  }
  function shortType(t) {
    var s = t;
    if (typePrefix && s.indexOf(typePrefix) === 0) { s = s.slice(typePrefix.length); }
    if (typeSuffix && s.slice(-typeSuffix.length) === typeSuffix) { s = s.slice(0, -typeSuffix.length); }
    return s || t;
  }
  function typeNote() {
    return typePrefix || typeSuffix ? ' Type names are shown without their common ' +
      [typePrefix && '"' + typePrefix + '"', typeSuffix && '"' + typeSuffix + '"']
        .filter(Boolean).join(' and ') + '.' : '';
  }
  function trendWord() { return data.period ? data.period.trendBucket : 'day'; }
  function volumeWord() { return data.period ? data.period.volumeBucket : 'day'; }

  function section(title, caption) {
    var s = el('section');
    s.appendChild(el('h2', null, title));
    if (caption) { s.appendChild(el('p', 'caption', caption)); }
    root.appendChild(s);
    return s;
  }
  function chart(parent, option, tall) {
    var div = el('div', tall ? 'chart tall' : 'chart');
    parent.appendChild(div);
    var c = echarts.init(div, null, { renderer: 'svg' });
    c.on('finished', function () { div.setAttribute('data-rendered', 'true'); });
    option.animation = false;
    // A generated text description of each chart for screen readers.
    option.aria = { enabled: true };
    option.color = option.color || PALETTE;
    // A named font (not 'inherit'), so that ECharts measures labels as the browser draws them.
    option.textStyle = { fontFamily: FONT };
    c.setOption(option);
    charts.push(c);
    return c;
  }
  function legend(names) {
    var selected = {};
    names.forEach(function (n, i) { selected[n] = i < VISIBLE_SERIES; });
    // Up to 8 names wrap onto a second line; more scroll.
    return { type: names.length > 8 ? 'scroll' : 'plain', top: 0, data: names, selected: selected };
  }
  function categoryAxis(labels) {
    return { type: 'category', data: labels, axisTick: { alignWithLabel: true } };
  }

  function header() {
    var h = el('header');
    h.appendChild(el('h1', null, 'Workflow reliability – tenant ' + data.tenant));
    var what = data.period ? 'Runs created ' + dayRange(data.period.from, data.period.to) +
      ' (UTC). ' + (data.period.trendBucket === 'week' || data.period.volumeBucket === 'week'
        ? 'Weeks start on Monday and are labelled by their first day. ' : '') : '';
    var published = data.publishedFrom ? 'Published days of tenant ' + data.tenant + ': ' +
      data.publishedFrom + ' to ' + data.publishedLast + '. '
      : 'Nothing of tenant ' + data.tenant + ' is published yet. ';
    h.appendChild(el('p', null, what + published));
    root.appendChild(h);
  }

  function change(cur, prev, kind) {
    if (prev == null || cur == null) { return { text: 'no earlier figure to compare', cls: '' }; }
    var d = cur - prev;
    if (kind === 'rate' && Math.abs(d) < 0.0005) {
      return { text: 'about the same (was ' + pct(prev) + ')', cls: '' };
    }
    var arrow = d > 0 ? '▲ ' : d < 0 ? '▼ ' : '';
    var text;
    if (kind === 'rate') {
      text = arrow + (d >= 0 ? '+' : '') + (d * 100).toFixed(1) + ' pts (was ' + pct(prev) + ')';
    } else if (kind === 'duration') {
      text = arrow + (prev === 0 ? '' : (d >= 0 ? '+' : '') + (100 * d / prev).toFixed(0) + '% ') +
        '(was ' + dur(prev) + ')';
    } else {
      text = arrow + (d >= 0 ? '+' : '') + num(d) + (prev === 0 ? '' : ' (' + (d >= 0 ? '+' : '') +
        (100 * d / prev).toFixed(0) + '%)');
    }
    var worse = kind === 'rate' || kind === 'duration';
    return { text: text, cls: d === 0 || !worse ? '' : d > 0 ? 'bad' : 'good' };
  }
  function headline() {
    var h = data.headline;
    var prevText = h.previous ? 'Compared with ' + dayRange(h.previousFrom, h.previousTo) +
      (h.previousPartlyUnpublished ? ' (partly before the first published day, so fewer runs)' : '') + '.'
      : 'Nothing was published in the ' + ((Date.parse(h.to) - Date.parse(h.from)) / 86400000) +
        ' days before, so there is nothing to compare with.';
    var s = section('1. Headline: ' + dayRange(h.from, h.to),
      'Runs created in the period; failure rate = failed / finished runs; median of finished runs\' ' +
      'durations; open runs have not finished (yet). Below each figure: its change against the ' +
      'period of the same length just before. ' + prevText);
    var cur = h.current, prev = h.previous || {};
    var cards = el('div', 'cards');
    [['Runs', num(cur.runs), change(cur.runs, prev.runs, 'count')],
      ['Failure rate', pct(cur.failureRate), change(cur.failureRate, prev.failureRate, 'rate')],
      ['Median duration', dur(cur.medianDurationMs),
        change(cur.medianDurationMs, prev.medianDurationMs, 'duration')],
      ['Open runs', num(cur.openRuns), change(cur.openRuns, prev.openRuns, 'count')]]
      .forEach(function (c) {
        var card = el('div', 'card');
        card.appendChild(el('div', 'label', c[0]));
        card.appendChild(el('div', 'value', c[1]));
        card.appendChild(el('div', 'change ' + c[2].cls, c[2].text));
        cards.appendChild(card);
      });
    s.appendChild(cards);
  }

  function failureRates() {
    var types = data.types.map(function (t) { return shortType(t.type); });
    var s = section('2. Failure rate per workflow type',
      'Left: failed / finished runs per ' + trendWord() + ' for each type (a gap: no finished ' +
      'run that ' + trendWord() + '). The ' + VISIBLE_SERIES + ' busiest types are shown; click ' +
      'a name in the legend to show or hide it. Right: each type in the headline period against ' +
      'the period before; a longer dark bar than light bar means the type fails more often now.' +
      typeNote());
    var row = el('div', 'row');
    s.appendChild(row);
    var left = el('div'), right = el('div');
    row.appendChild(left);
    row.appendChild(right);
    chart(left, {
      legend: legend(types),
      grid: { top: 64, left: 50, right: 20, bottom: 30 },
      tooltip: { trigger: 'axis', formatter: function (items) {
        var lines = [items.length ? items[0].axisValue : ''];
        items.forEach(function (it) {
          var t = data.types[it.seriesIndex].series;
          if (it.value != null) {
            lines.push(it.marker + esc(it.seriesName) + ': ' + pct(it.value) + ' (' +
              num(t.failed[it.dataIndex]) + ' of ' + num(t.terminal[it.dataIndex]) + ')');
          }
        });
        return lines.join('<br>');
      } },
      xAxis: categoryAxis(data.trendBuckets),
      yAxis: { type: 'value', axisLabel: { formatter: function (v) { return (v * 100).toFixed(0) + '%'; } } },
      series: data.types.map(function (t) {
        return { name: shortType(t.type), type: 'line', data: t.series.failureRate, showSymbol: data.trendBuckets.length < 40,
          connectNulls: false };
      })
    }, true);
    var h = data.headline;
    var sorted = data.types.slice().reverse();
    chart(right, {
      legend: { top: 0 },
      grid: { top: 40, left: 10, right: 30, bottom: 20, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: pct },
      xAxis: { type: 'value', axisLabel: { formatter: function (v) { return (v * 100).toFixed(0) + '%'; } } },
      yAxis: { type: 'category', data: sorted.map(function (t) { return shortType(t.type); }),
        axisLabel: { width: 260, overflow: 'truncate' } },
      series: [
        { name: 'before: ' + dayRange(h.previousFrom, h.previousTo), type: 'bar', color: '#b7c7e3',
          data: sorted.map(function (t) { return t.previous ? t.previous.failureRate : null; }) },
        { name: 'headline: ' + dayRange(h.from, h.to), type: 'bar', color: '#2f4b7c',
          data: sorted.map(function (t) { return t.headline ? t.headline.failureRate : null; }) }
      ]
    }, true);
  }

  function durations() {
    var s = section('3. Run duration per workflow type: median (solid) and 95th percentile (dashed)',
      'Duration of finished runs created each ' + trendWord() + ', in minutes on a logarithmic ' +
      'scale, so slow and fast types fit on one chart: a line climbing to the right is a type ' +
      'slowing down; a dashed line pulling away from its solid one means the slowest runs get ' +
      'slower. Click a type in the legend to show or hide both its lines.' + typeNote());
    var series = [];
    data.types.forEach(function (t, i) {
      var color = PALETTE[i % PALETTE.length];
      series.push({ id: t.type + ' p50', name: shortType(t.type), type: 'line', color: color,
        showSymbol: false, data: t.series.p50.map(minutes) });
      series.push({ id: t.type + ' p95', name: shortType(t.type), type: 'line', color: color,
        showSymbol: false, lineStyle: { type: 'dashed', width: 1.5 }, data: t.series.p95.map(minutes) });
    });
    chart(s, {
      legend: legend(data.types.map(function (t) { return shortType(t.type); })),
      grid: { top: 64, left: 60, right: 20, bottom: 30 },
      tooltip: { trigger: 'axis', formatter: function (items) {
        var lines = [items.length ? items[0].axisValue : ''];
        items.forEach(function (it) {
          if (it.value != null) {
            lines.push(it.marker + esc(it.seriesName) + (/p95$/.test(it.seriesId) ? ' p95: ' : ' p50: ') +
              dur(it.value * 60000));
          }
        });
        return lines.join('<br>');
      } },
      xAxis: categoryAxis(data.trendBuckets),
      yAxis: { type: 'log', name: 'minutes', logBase: 10 },
      series: series
    }, true);
  }

  function states() {
    var s = section('4. Runs per ' + volumeWord() + ' by final state',
      'Every run created that ' + volumeWord() + ', stacked by its state now: the height is the ' +
      'number of runs, red the failed part; "still open" are runs that had not finished when the ' +
      'data was read (scheduled, running, stopping or an unknown state).');
    chart(s, {
      legend: { top: 0 },
      grid: { top: 40, left: 50, right: 20, bottom: 30 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: categoryAxis(data.volumeBuckets),
      yAxis: { type: 'value' },
      series: Object.keys(STATE_COLORS).map(function (k) {
        return { name: STATE_LABELS[k], type: 'bar', stack: 'runs', color: STATE_COLORS[k],
          data: data.states[k], barCategoryGap: '15%' };
      })
    });
  }

  function attribution() {
    var a = data.attribution;
    var total = a.customer + a.platform + a['not given'];
    var s = section('5. Whose failures: error attribution and top error types',
      'Failed runs in the period by the error\'s attribution: "customer" is the tenant\'s ' +
      'configuration or data, "platform" is Amperity\'s side, "not given" failed runs without an ' +
      'attribution. Right: the error types with the most failed runs, split the same way.');
    if (total === 0) {
      s.appendChild(el('p', 'empty', 'No run failed in this period.'));
      return;
    }
    var row = el('div', 'row');
    s.appendChild(row);
    var left = el('div'), right = el('div');
    left.style.flex = '0 1 380px';
    row.appendChild(left);
    row.appendChild(right);
    chart(left, {
      tooltip: { trigger: 'item', formatter: '{b}: {c} failed runs ({d}%)' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['40%', '68%'], label: { position: 'inside', color: '#fff', fontWeight: 600,
          formatter: function (p) { return p.percent >= 4 ? Math.round(p.percent) + '%' : ''; } },
        data: Object.keys(WHO_COLORS).map(function (k) {
          return { name: k, value: a[k], itemStyle: { color: WHO_COLORS[k] } };
        }) }]
    });
    var types = data.errorTypes.slice().reverse();
    chart(right, {
      legend: { top: 0 },
      grid: { top: 30, left: 10, right: 30, bottom: 20, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', name: 'failed runs', nameLocation: 'middle', nameGap: 24, minInterval: 1 },
      yAxis: { type: 'category', data: types.map(function (t) { return t.errorType; }),
        axisLabel: { width: 300, overflow: 'truncate' } },
      series: Object.keys(WHO_COLORS).map(function (k) {
        return { name: k, type: 'bar', stack: 'who', color: WHO_COLORS[k],
          data: types.map(function (t) { return t[k]; }) };
      })
    });
  }

  function topWorkflows() {
    var s = section('6. The ' + data.topWorkflows.length + ' named workflows with the most failures',
      'Workflows by name, ranked by failed runs in the period (ties: higher failure rate first). ' +
      'Failure rate is failed / finished runs of that name; the type is that of its last failure.' +
      (data.unnamedFailures ? ' ' + num(data.unnamedFailures) + ' failed runs had no name and are ' +
        'not ranked.' : ''));
    if (!data.topWorkflows.length) {
      s.appendChild(el('p', 'empty', 'No named workflow failed in this period.'));
      return;
    }
    var rows = data.topWorkflows.slice().reverse();
    chart(s, {
      grid: { top: 10, left: 10, right: 40, bottom: 20, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', name: 'failed runs', nameLocation: 'middle', nameGap: 24, minInterval: 1 },
      yAxis: { type: 'category', data: rows.map(function (w) { return w.name; }),
        axisLabel: { width: 320, overflow: 'truncate' } },
      series: [{ type: 'bar', name: 'failed runs', color: '#c44e52', label: { show: true, position: 'right' },
        data: rows.map(function (w) { return w.failures; }) }]
    });
    var table = el('table');
    var head = el('tr');
    [['#', 'num'], ['name', ''], ['type', ''], ['failed', 'num'], ['finished', 'num'],
      ['failure rate', 'num'], ['last failure (UTC)', '']].forEach(function (c) {
      head.appendChild(el('th', c[1], c[0]));
    });
    table.appendChild(head);
    data.topWorkflows.forEach(function (w, i) {
      var tr = el('tr');
      [[String(i + 1), 'num'], [w.name, ''], [w.type, ''], [num(w.failures), 'num'],
        [num(w.terminal), 'num'], [pct(w.failureRate), 'num'],
        [w.lastFailure.replace('T', ' ').replace(/(:\d\d)(\.\d+)?Z$/, '$1'), '']]
        .forEach(function (c) { tr.appendChild(el('td', c[1], c[0])); });
      table.appendChild(tr);
    });
    s.appendChild(table);
  }

  function rejects() {
    var r = data.rejects;
    var s = section('7. Rejects per ' + volumeWord(),
      'Records the API returned that could not be normalized (no id, unreadable timestamps, not a ' +
      'JSON object). They are kept in the rejects table with the raw JSON and the reason; any here ' +
      'deserve a look.');
    if (!r.total) {
      s.appendChild(el('p', null, 'No rejects in this period.'));
      return;
    }
    chart(s, {
      grid: { top: 20, left: 50, right: 20, bottom: 30 },
      tooltip: { trigger: 'axis' },
      xAxis: categoryAxis(data.volumeBuckets),
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: 'rejects', color: '#8172b3', data: r.perBucket }]
    });
  }

  function empty() {
    var s = section('No runs in this period', null);
    var text = data.period
      ? 'No runs were published for ' + dayRange(data.period.from, data.period.to) + '.'
      : 'No runs of tenant ' + data.tenant + ' have been published yet.';
    if (data.period && data.publishedFrom) {
      text += ' Tenant ' + data.tenant + ' has data from ' + data.publishedFrom + ' to ' + data.publishedLast + '.';
    }
    if (data.rejects && data.rejects.total) {
      text += ' ' + num(data.rejects.total) + ' rejects were filed in the period.';
    }
    s.appendChild(el('p', 'empty', text));
  }

  root.textContent = '';
  header();
  if (data.empty) {
    empty();
  } else {
    headline();
    failureRates();
    durations();
    states();
    attribution();
    topWorkflows();
    rejects();
  }
  root.appendChild(el('footer', null, 'Generated ' + data.generatedAt + ' from the published ' +
    'tables of tenant ' + data.tenant + ' in ' + data.output +
    ' by amperity-workflow-runs. Charts: Apache ECharts.'));
  // The page's height, for a screenshot of all of it.
  document.documentElement.setAttribute('data-height', String(document.body.scrollHeight));
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
