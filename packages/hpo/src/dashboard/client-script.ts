// The dashboard's browser code, sent inline (with the page's CSP nonce). It is a string, not a
// module of the package, because the package's TypeScript has no DOM types; the browser test runs
// every path of it. It reads the page's JSON data block, renders the table with `textContent` only
// (data never becomes markup), sorts, filters and pages client-side, and polls the server every
// second: the study list, or a study's trials from its first unfinished one on (finished trials
// never change), redrawing the plots whenever the study's version changed.
export const CLIENT_SCRIPT = `
(() => {
  'use strict';
  const POLL_MS = 1000;
  const PAGE_ROWS = 100;
  const STATES = ['COMPLETE', 'PRUNED', 'FAIL', 'RUNNING', 'WAITING'];
  const data = JSON.parse(document.getElementById('data').textContent);
  const $ = (id) => document.getElementById(id);
  const el = (tag, text, className) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  };
  const fmt = (value) => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
    return String(value);
  };
  const fmtDuration = (seconds) => (seconds === null ? '' : seconds < 60 ? seconds.toFixed(2) + ' s' : (seconds / 60).toFixed(1) + ' min');
  const fmtTime = (iso) => (iso ? new Date(iso).toLocaleString() : '');
  const getJson = async (url) => {
    const response = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
    return response.json();
  };
  const poll = (step) => {
    const tick = async () => {
      try {
        await step();
        $('status').textContent = 'live, updated ' + new Date().toLocaleTimeString();
        $('status').className = 'status live';
      } catch (error) {
        $('status').textContent = 'not updating: ' + error.message;
        $('status').className = 'status error';
      }
      setTimeout(tick, POLL_MS);
    };
    setTimeout(tick, POLL_MS);
  };
  const countsText = (counts) =>
    STATES.filter((state) => counts[state] > 0).map((state) => counts[state] + ' ' + state.toLowerCase()).join(', ') || 'no trials';
  const bestText = (study) =>
    study.best !== undefined ? fmt(study.best) + ' (trial ' + study.bestTrial + ')'
      : study.paretoSize !== undefined ? study.paretoSize + ' on the Pareto front' : '';

  function studiesPage() {
    let studies = data.studies;
    const render = () => {
      const body = $('studies-body');
      body.replaceChildren(...studies.map((study) => {
        const row = el('tr');
        row.dataset.study = String(study.id);
        const link = el('a', study.name);
        link.href = '/studies/' + study.id;
        const name = el('td');
        name.append(link);
        row.append(name, el('td', study.directions.join(', ')), el('td', String(study.trials), 'num'),
          el('td', countsText(study.counts)), el('td', bestText(study)), el('td', fmtTime(study.lastActivity)));
        return row;
      }));
      $('empty').hidden = studies.length > 0;
    };
    render();
    poll(async () => {
      const next = (await getJson('/api/studies')).studies;
      const key = (list) => list.map((study) => study.id + ':' + study.version).join(' ');
      if (key(next) !== key(studies)) {
        studies = next;
        render();
      }
    });
  }

  function studyPage() {
    const studyId = data.overview.id;
    let overview = data.overview;
    let paramNames = data.paramNames;
    const rows = new Map(data.trials.map((row) => [row.number, row]));
    let complete = false; // whether rows holds every trial (the page came with the newest ones only)
    let sortKey = 'number';
    let sortDir = -1;
    let shown = PAGE_ROWS;
    const objectives = overview.directions.length;
    const valueName = (i) => (objectives === 1 ? 'Value' : 'Value ' + i);
    const columns = () => [
      { key: 'number', label: 'Number', get: (row) => row.number, text: (row) => String(row.number) },
      { key: 'state', label: 'State', get: (row) => row.state, text: (row) => row.state },
      ...overview.directions.map((_, i) => ({
        key: 'value:' + i, label: valueName(i),
        get: (row) => (row.values ? row.values[i] : undefined), text: (row) => fmt(row.values ? row.values[i] : null),
      })),
      { key: 'duration', label: 'Duration', get: (row) => row.duration, text: (row) => fmtDuration(row.duration) },
      ...paramNames.map((name) => ({
        key: 'param:' + name, label: name, get: (row) => row.params[name], text: (row) => fmt(row.params[name]),
      })),
    ];
    // Missing values sort last whichever the direction; numbers before strings (NaN, choices).
    const compare = (a, b) => {
      const missingA = a === undefined || a === null;
      const missingB = b === undefined || b === null;
      if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1;
      if (typeof a === 'number' && typeof b === 'number') return sortDir * (a - b);
      if (typeof a === 'number') return -1;
      if (typeof b === 'number') return 1;
      return sortDir * String(a).localeCompare(String(b));
    };
    const renderHead = (cols) => {
      const head = el('tr');
      for (const col of cols) {
        const th = el('th', col.label);
        th.dataset.key = col.key;
        th.setAttribute('aria-sort', col.key === sortKey ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
        th.addEventListener('click', () => {
          sortDir = col.key === sortKey ? -sortDir : 1;
          sortKey = col.key;
          shown = PAGE_ROWS;
          render();
        });
        head.append(th);
      }
      $('trials-head').replaceChildren(head);
    };
    const render = () => {
      const cols = columns();
      if (!cols.some((col) => col.key === sortKey)) [sortKey, sortDir] = ['number', -1];
      renderHead(cols);
      const wanted = $('state-filter').value;
      const sortCol = cols.find((col) => col.key === sortKey);
      const list = [...rows.values()].filter((row) => wanted === 'ALL' || row.state === wanted);
      list.sort((a, b) => compare(sortCol.get(a), sortCol.get(b)) || b.number - a.number);
      const visible = list.slice(0, shown);
      $('trials-body').replaceChildren(...visible.map((row) => {
        const tr = el('tr', undefined, 'state-' + row.state.toLowerCase());
        tr.dataset.number = String(row.number);
        for (const col of cols) tr.append(el('td', col.text(row), col.key === 'state' ? '' : 'num'));
        return tr;
      }));
      const total = complete ? list.length : overview.trials;
      $('shown').textContent = 'showing ' + visible.length + ' of ' + total + (wanted === 'ALL' ? '' : ' ' + wanted.toLowerCase()) + ' trials';
      $('more').hidden = visible.length >= list.length;
      $('summary').textContent = countsText(overview.counts) + (bestText(overview) ? '; best: ' + bestText(overview) : '');
    };
    // Each plot is fetched when the study changed since the one shown was drawn; the server may
    // answer 204 (an expensive plot not redrawn yet), then the next poll asks again. One plot at
    // a time, the history first: the server draws them on its one thread.
    const shownVersion = {};
    let plotting = false;
    const loadPlots = async () => {
      if (plotting) return;
      plotting = true;
      try {
        for (const image of document.querySelectorAll('img[data-plot]')) {
          const name = image.dataset.plot;
          if (shownVersion[name] === overview.version) continue;
          const response = await fetch('/studies/' + studyId + '/plots/' + name + '.svg?have=' + encodeURIComponent(shownVersion[name] || ''), { cache: 'no-store' });
          if (response.status !== 200) continue;
          const version = response.headers.get('x-plot-version');
          const url = URL.createObjectURL(await response.blob());
          await new Promise((resolve) => { image.onload = image.onerror = resolve; image.src = url; });
          if (image.dataset.url) URL.revokeObjectURL(image.dataset.url);
          image.dataset.url = url;
          shownVersion[name] = version;
          image.dataset.version = version;
        }
      } finally {
        plotting = false;
      }
    };
    const refresh = async () => {
      let from = 0;
      if (complete) {
        from = Math.max(-1, ...rows.keys()) + 1;
        for (const row of rows.values()) if ((row.state === 'RUNNING' || row.state === 'WAITING') && row.number < from) from = row.number;
      }
      const reply = await getJson('/api/studies/' + studyId + '/trials?from=' + from + (complete ? '&version=' + encodeURIComponent(overview.version) : ''));
      const changed = reply.trials !== undefined;
      overview = reply.overview;
      if (changed) {
        paramNames = reply.paramNames;
        for (const number of [...rows.keys()]) if (number >= from) rows.delete(number);
        for (const row of reply.trials) rows.set(row.number, row);
        complete = true;
        render();
      }
      loadPlots().catch(() => {});
    };
    $('state-filter').addEventListener('change', () => { shown = PAGE_ROWS; render(); });
    const more = () => { shown += PAGE_ROWS; render(); };
    $('more').addEventListener('click', more);
    new IntersectionObserver((entries) => { if (entries.some((entry) => entry.isIntersecting) && complete) more(); })
      .observe($('more'));
    render();
    // For the first-screen timing (see the browser test).
    performance.mark('hw7-first-screen');
    loadPlots().catch(() => {});
    // Polling starts once the whole table is in: a poll meanwhile would fetch it all again.
    refresh()
      .catch(() => {})
      .finally(() => poll(refresh));
  }

  if (document.body.dataset.page === 'study') studyPage();
  else studiesPage();
})();
`;
