/* kg viewer: drives vis-network from the JSON embedded in #kg-data.
 *
 * Labels, evidence and titles come from untrusted documents, so every string
 * from the data reaches the page through textContent, DOM properties or the
 * canvas (vis-network labels), never through innerHTML; tooltips are DOM
 * elements, because vis-network renders string titles as HTML in some versions.
 */
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("kg-data").textContent);
  const META = DATA.meta;

  const I18N = {
    zh: {
      classes: "类别", relations: "关系", document: "文档", dates: "日期", from: "从", to: "至",
      edgeLabels: "显示关系名称", reset: "重置筛选", fit: "适应窗口", loading: "正在布局…",
      search: "搜索名称或别名（中文、繁體、English）", allDocs: "全部文档", noResults: "无结果",
      zhLabel: "中文名", enLabel: "英文名", aliases: "别名", identifiers: "标识符", date: "日期",
      mentions: "提及", degree: "关系数", positions: "职务", relationsOf: "关系", evidence: "证据",
      statements: "发言", documents: "文档", curated: "参考数据", confidence: "置信度",
      more: "显示更多", nodes: "节点", edges: "边", close: "关闭", untitled: "（无标题）",
      langButton: "EN", title: "kg · 知识图谱", noEvidence: "无证据句", edge: "关系",
      cls: "类别", view: "视图", overview: "概览", showAll: "显示全部", unlinked: "无关系的实体",
      showUnlinked: "显示无关系的实体", modal: "显示计划/否认等非事实关系", expand: "展开邻居",
      communities: "社区", tooMany: "实体过多，无法全部绘制：请搜索或展开", factDates: "事实日期",
      shownOf: (a, b) => "显示 " + a + " / " + b + " 个实体",
      hiddenNote: (o, i, m) => "概览只显示最重要的 " + o + " 个实体。点击节点后“展开邻居”、搜索或“显示全部”可看到其余实体；" +
        i + " 个无关系的实体列在下方；" + m + " 条非事实关系（计划、否认……）默认隐藏。",
    },
    en: {
      classes: "Classes", relations: "Relations", document: "Document", dates: "Dates", from: "from",
      to: "to", edgeLabels: "Show relation names", reset: "Reset filters", fit: "Fit to window",
      loading: "Laying out…", search: "Search a name or alias (Chinese, Traditional, English)",
      allDocs: "All documents", noResults: "No results", zhLabel: "Chinese", enLabel: "English",
      aliases: "Aliases", identifiers: "Identifiers", date: "Date", mentions: "Mentions",
      degree: "Relations", positions: "Positions", relationsOf: "Relations", evidence: "Evidence",
      statements: "Statements", documents: "Documents", curated: "reference data",
      confidence: "confidence", more: "Show more", nodes: "nodes", edges: "edges", close: "Close",
      untitled: "(untitled)", langButton: "中文", title: "kg · knowledge graph",
      noEvidence: "no evidence sentence", edge: "Relation", cls: "Class",
      view: "View", overview: "Overview", showAll: "Show all", unlinked: "Entities without links",
      showUnlinked: "Show entities without links", modal: "Show planned/denied relations (not facts)",
      expand: "Expand neighbours", communities: "Communities",
      tooMany: "Too many entities to draw at once: search or expand", factDates: "Dates of the facts",
      shownOf: (a, b) => a + " of " + b + " entities shown",
      hiddenNote: (o, i, m) => "The overview shows the " + o + " most important entities. Click one and “Expand neighbours”, " +
        "search, or “Show all” to see the rest; " + i + " entities without links are listed below; " + m +
        " relations that are not facts (planned, denied ...) are hidden until you tick the box.",
    },
  };

  // Translucent, so a lit node drawn before a dimmed neighbour still shows through it.
  const DIM_FILL = "rgba(214, 219, 225, 0.35)";
  const DIM_LINE = "rgba(180, 187, 195, 0.35)";
  const DIM_NODE = {
    background: DIM_FILL, border: DIM_LINE,
    highlight: { background: DIM_FILL, border: DIM_LINE },
    hover: { background: DIM_FILL, border: DIM_LINE },
  };
  const DIM_TEXT = "rgba(150, 158, 166, 0.45)";
  const NODE_FONT = (DATA.options.nodes && DATA.options.nodes.font && DATA.options.nodes.font.color) || "#222222";
  const EDGE_COLOR = DATA.options.edges.color;
  const EDGE_FONT = DATA.options.edges.font.color;
  const DIM_EDGE = { color: "rgba(200, 206, 212, 0.3)", highlight: "#333333", hover: "#555555", inherit: false };

  const state = {
    lang: "zh",
    classes: new Set(DATA.classes.map((c) => c.id)),
    relations: new Set(DATA.relations.map((r) => r.id)),
    doc: "",
    from: "",
    to: "",
    edgeLabels: !!META.edgeLabels,
    selected: null, // {kind: "node" | "edge", id}
    mode: META.start, // "overview" | "all" | "explore"
    isolated: false, // draw entities without links (in "all")
    modal: false, // draw relations that are only planned, denied ...
  };

  const info = new Map(DATA.info.map((n) => [n.id, n]));
  const edgeInfo = new Map(DATA.edgeInfo.map((e) => [e.id, e]));
  const baseNode = new Map(DATA.nodes.map((n) => [n.id, n]));
  const baseEdge = new Map(DATA.edges.map((e) => [e.id, e]));
  const classInfo = new Map(DATA.classes.map((c) => [c.id, c]));
  const relInfo = new Map(DATA.relations.map((r) => [r.id, r]));
  const edgesOf = new Map(DATA.info.map((n) => [n.id, []]));
  DATA.edgeInfo.forEach((e) => {
    edgesOf.get(e.from).push(e.id);
    if (e.to !== e.from) edgesOf.get(e.to).push(e.id);
  });

  const SYMMETRIC = new Set(DATA.relations.filter((r) => r.symmetric).map((r) => r.id));
  const $ = (id) => document.getElementById(id);
  const t = (key) => I18N[state.lang][key] || key;

  /* ---------- small DOM helpers (text only, never HTML) ---------- */
  function el(tag, props, children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (k === "text") node.textContent = v;
        else if (k === "dataset") Object.assign(node.dataset, v);
        else if (k === "style") Object.assign(node.style, v);
        else node[k] = v;
      }
    }
    (children || []).forEach((c) => c && node.appendChild(typeof c === "string" ? document.createTextNode(c) : c));
    return node;
  }

  /** A link only for http(s) URLs; anything else is shown as text. */
  function link(url, text) {
    if (!/^https?:\/\//i.test(url)) return el("span", { text: text });
    return el("a", { href: url, text: text, target: "_blank", rel: "noopener noreferrer" });
  }

  /* ---------- names ---------- */
  function nodeLabel(id) {
    const n = info.get(id);
    if (!n) return id;
    return state.lang === "en" ? n.en || n.zh : n.zh;
  }
  function relLabel(p) {
    const r = relInfo.get(p);
    return r ? r[state.lang] : p;
  }
  function className(cls) {
    const c = classInfo.get(cls);
    return c ? c[state.lang] : cls;
  }
  function docLabel(d) {
    const doc = DATA.docs[d];
    if (!doc) return "";
    return doc.title || doc.id || t("untitled");
  }

  /** Edge label; a space when labels are off, because vis-network ignores "" and null updates. */
  function edgeText(id) {
    return state.edgeLabels ? relLabel(edgeInfo.get(id).p) : " ";
  }

  /* ---------- tooltips: DOM elements built from text ---------- */
  function nodeTooltip(id) {
    const n = info.get(id);
    const box = el("div", { className: "kg-tip" });
    box.appendChild(el("strong", { text: n.zh }));
    if (n.en) box.appendChild(el("span", { text: " · " + n.en }));
    box.appendChild(el("div", { text: className(n.cls) + " · " + t("mentions") + " " + n.mentions + " · " + t("degree") + " " + n.degree }));
    return box;
  }
  function edgeTooltip(id) {
    const e = edgeInfo.get(id);
    const box = el("div", { className: "kg-tip" });
    box.appendChild(el("strong", { text: nodeLabel(e.from) + " → " + relLabel(e.p) + " → " + nodeLabel(e.to) }));
    if (e.dates.length) box.appendChild(el("div", { className: "kg-tip-date", text: e.dates[0] === e.dates[1] ? e.dates[0] : e.dates[0] + " – " + e.dates[1] }));
    if (e.mod.length) box.appendChild(el("div", { className: "kg-tip-modal", text: e.mod.join(", ") }));
    const first = e.a.find((a) => a.d >= 0) || e.a[0];
    if (first) {
      const text = DATA.texts[first.t] || "";
      box.appendChild(el("div", { className: "kg-tip-evidence", text: text.length > 120 ? text.slice(0, 119) + "…" : text }));
    }
    return box;
  }

  /* ---------- the network: only what is in view is in the DataSets ---------- */
  // Every entity travels in DATA, but vis-network only holds the drawn ones: the
  // overview, or what the user expanded. That keeps a 50,000-node graph as fast
  // to open as a 50-node one (docs/viewer.md).
  const classColour = (cls) => (classInfo.get(cls) || { color: "#9c9c9c" }).color;
  function darker(colour) {
    const v = [1, 3, 5].map((i) => Math.round(parseInt(colour.slice(i, i + 2), 16) * 0.7));
    return "#" + v.map((x) => x.toString(16).padStart(2, "0")).join("");
  }
  function nodeColour(id) {
    const c = classColour(info.get(id).cls);
    return { background: c, border: darker(c), highlight: { background: c, border: "#222222" }, hover: { background: c, border: "#222222" } };
  }
  function visNode(id, pos) {
    const n = baseNode.get(id);
    return Object.assign({}, n, { x: pos[0], y: pos[1], color: nodeColour(id), label: nodeLabel(id), title: nodeTooltip(id) });
  }
  function visEdge(id) {
    const e = baseEdge.get(id);
    const out = Object.assign({}, e, { label: edgeText(id), title: edgeTooltip(id) });
    if (edgeInfo.get(id).mod.length) out.color = { color: "#c07a2c", highlight: "#8a4a10", hover: "#8a4a10", inherit: false };
    return out;
  }
  const nodes = new vis.DataSet([]);
  const edges = new vis.DataSet([]);
  const container = $("kg-graph");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);

  const api = { network: network, nodes: nodes, edges: edges, data: DATA, ready: false, firstDrawMs: null, timings: {} };
  window.kgView = api;

  const score = (id) => info.get(id).score;
  const byScore = (a, b) => score(b) - score(a) || (a < b ? -1 : a > b ? 1 : 0);
  const neighboursOf = (id) => {
    const out = new Set();
    edgesOf.get(id).forEach((eid) => {
      const e = edgeInfo.get(eid);
      if (!state.modal && e.mod.length) return;
      out.add(e.from === id ? e.to : e.from);
    });
    out.delete(id);
    return Array.from(out).sort(byScore);
  };

  /** Add the edges among drawn nodes that touch ``ids``. */
  function addEdgesOf(ids) {
    const add = [];
    const seen = new Set();
    ids.forEach((id) => edgesOf.get(id).forEach((eid) => {
      if (seen.has(eid) || edges.get(eid)) return;
      const e = edgeInfo.get(eid);
      if (nodes.get(e.from) && nodes.get(e.to)) {
        seen.add(eid);
        add.push(visEdge(eid));
      }
    }));
    if (add.length) edges.add(add);
  }

  /** Replace what is drawn by ``positions`` (Map id -> [x, y]). */
  function drawView(positions) {
    edges.clear();
    nodes.clear();
    nodes.add(Array.from(positions, ([id, pos]) => visNode(id, pos)));
    addEdgesOf(Array.from(positions.keys()));
    applyFilters();
    network.fit({ animation: false });
  }

  function showOverview() {
    state.mode = "overview";
    clearSelection();
    drawView(new Map(META.overview.map((id) => [id, [baseNode.get(id).ox, baseNode.get(id).oy]])));
    renderViewControls();
  }

  function showAll() {
    if (!META.whole) return;
    state.mode = "all";
    const keep = DATA.nodes.filter((n) => "x" in n && (state.isolated || info.get(n.id).degree > 0 || info.get(n.id).focus));
    drawView(new Map(keep.map((n) => [n.id, [n.x, n.y]])));
    renderViewControls();
  }

  /** Free spots on rings around ``centre`` for ``count`` new nodes. */
  function ringAround(centre, count) {
    const taken = Object.values(network.getPositions());
    const out = [];
    let radius = 170;
    let ring = 0;
    while (out.length < count && ring < 40) {
      const slots = Math.max(6, Math.floor((2 * Math.PI * radius) / 95));
      for (let k = 0; k < slots && out.length < count; k++) {
        const angle = (2 * Math.PI * k) / slots + ring * 0.37;
        const p = [centre[0] + radius * Math.cos(angle), centre[1] + radius * Math.sin(angle)];
        if (!taken.some((q) => Math.abs(q.x - p[0]) < 70 && Math.abs(q.y - p[1]) < 45)) {
          out.push(p);
          taken.push({ x: p[0], y: p[1] });
        }
      }
      radius += 110;
      ring++;
    }
    return out;
  }

  const EXPAND = 40; // neighbours drawn per expansion (the panel lists them all)

  /** Draw ``id`` (if needed) and up to EXPAND of its neighbours not drawn yet. */
  function expand(id) {
    const t0 = performance.now();
    if (!nodes.get(id)) place([id]);
    const fresh = neighboursOf(id).filter((n) => !nodes.get(n)).slice(0, EXPAND);
    place(fresh, id);
    api.timings.expand = performance.now() - t0;
    return fresh.length;
  }

  /** Add nodes: at their whole-graph position in "all" mode, else on rings around ``anchor``. */
  function place(ids, anchor) {
    if (!ids.length) return;
    let spots;
    if (state.mode === "all" && ids.every((i) => "x" in baseNode.get(i))) {
      spots = ids.map((i) => [baseNode.get(i).x, baseNode.get(i).y]);
    } else if (anchor && nodes.get(anchor)) {
      const c = network.getPositions([anchor])[anchor];
      spots = ringAround([c.x, c.y], ids.length);
    } else {
      // not linked to anything drawn: to the right of the drawing
      const all = Object.values(network.getPositions());
      const right = all.length ? Math.max(...all.map((p) => p.x)) + 260 : 0;
      const mid = all.length ? all.reduce((s, p) => s + p.y, 0) / all.length : 0;
      spots = ids.map((_, k) => [right, mid + k * 90]);
    }
    if (state.mode === "overview") state.mode = "explore";
    nodes.add(ids.slice(0, spots.length).map((i, k) => visNode(i, spots[k])));
    addEdgesOf(ids);
    applyFilters();
    renderViewControls();
  }
  api.expand = (id) => { const n = expand(id); selectNode(id, false); return n; };
  api.showAll = showAll;
  api.showOverview = showOverview;

  network.once("afterDrawing", () => {
    api.firstDrawMs = performance.now();
    api.ready = true;
    $("kg-loading").hidden = true;
    document.body.dataset.ready = "1";
    if (META.focus && META.focus.length) selectNode(META.focus[0], false);
  });

  network.on("click", (params) => {
    if (params.nodes.length) selectNode(params.nodes[0], false);
    else if (params.edges.length) selectEdge(params.edges[0]);
    else clearSelection();
  });
  network.on("doubleClick", (params) => {
    if (params.nodes.length) api.expand(params.nodes[0]);
  });

  /* ---------- communities: soft halos behind their drawn members ---------- */
  const HALO = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
  const haloColour = (c) => HALO[c % HALO.length];
  network.on("beforeDrawing", (ctx) => {
    const ids = nodes.getIds();
    if (ids.length > 2000) return; // too many to be worth it
    const pos = network.getPositions(ids);
    ctx.save();
    ctx.globalAlpha = 0.10;
    ids.forEach((id) => {
      const c = info.get(id).community;
      if (c < 0) return;
      ctx.fillStyle = haloColour(c);
      ctx.beginPath();
      ctx.arc(pos[id].x, pos[id].y, 70, 0, 2 * Math.PI);
      ctx.fill();
    });
    ctx.restore();
  });

  /* ---------- highlighting ---------- */
  const dimmedNodes = new Set();
  const dimmedEdges = new Set();

  /** Dim everything except ``keepNodes`` and ``keepEdges``; null restores all. */
  function highlight(keepNodes, keepEdges) {
    const nodeUpdates = [];
    const edgeUpdates = [];
    nodes.getIds().forEach((id) => {
      const dim = keepNodes ? !keepNodes.has(id) : false;
      if (dim === dimmedNodes.has(id)) return;
      if (dim) dimmedNodes.add(id);
      else dimmedNodes.delete(id);
      nodeUpdates.push({ id: id, color: dim ? DIM_NODE : nodeColour(id), font: { color: dim ? DIM_TEXT : NODE_FONT, strokeWidth: dim ? 0 : 3 } });
    });
    edges.getIds().forEach((id) => {
      const dim = keepEdges ? !keepEdges.has(id) : false;
      if (dim === dimmedEdges.has(id)) return;
      if (dim) dimmedEdges.add(id);
      else dimmedEdges.delete(id);
      edgeUpdates.push({ id: id, color: dim ? DIM_EDGE : EDGE_COLOR, font: { color: dim ? DIM_TEXT : EDGE_FONT, strokeWidth: dim ? 0 : 3 } });
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
  }

  function neighbourhood(id) {
    const keepNodes = new Set([id]);
    const keepEdges = new Set();
    edgesOf.get(id).forEach((eid) => {
      const e = edgeInfo.get(eid);
      const drawn = edges.get(eid);
      if (!drawn || drawn.hidden) return;
      keepEdges.add(eid);
      keepNodes.add(e.from);
      keepNodes.add(e.to);
    });
    return [keepNodes, keepEdges];
  }

  function selectNode(id, focus) {
    if (!info.has(id)) return;
    const t0 = performance.now();
    if (focus || !nodes.get(id)) expand(id); // focusing an entity brings its neighbourhood into view
    if (nodes.get(id) && nodes.get(id).hidden) resetFilters();
    state.selected = { kind: "node", id: id };
    const [keepNodes, keepEdges] = neighbourhood(id);
    highlight(keepNodes, keepEdges);
    network.selectNodes([id]);
    if (focus) {
      const around = Array.from(keepNodes);
      network.fit({ nodes: around, animation: false });
      if (network.getScale() < 0.8) network.focus(id, { scale: 0.8, animation: false });
    }
    renderNodePanel(id);
    api.timings.select = performance.now() - t0;
  }

  function selectEdge(id) {
    const e = edgeInfo.get(id);
    if (!e) return;
    if (!edges.get(id)) { // not drawn yet: bring both ends (and the edge) into view
      if (!nodes.get(e.from)) place([e.from]);
      if (!nodes.get(e.to)) place([e.to], e.from);
      addEdgesOf([e.from, e.to]);
      if (e.mod.length && !state.modal) { state.modal = true; renderViewControls(); }
      applyFilters();
    }
    state.selected = { kind: "edge", id: id };
    highlight(new Set([e.from, e.to]), new Set([id]));
    network.selectEdges([id]);
    renderEdgePanel(id);
  }

  function clearSelection() {
    state.selected = null;
    network.unselectAll();
    highlight(null, null);
    $("kg-panel").hidden = true;
  }

  /* ---------- side panel ---------- */
  function panel(children) {
    const body = $("kg-panel-body");
    body.replaceChildren(...children);
    $("kg-panel").hidden = false;
    body.scrollTop = 0;
  }

  function section(titleKey, children, extra) {
    return el("section", { className: "kg-section" }, [el("h3", { text: t(titleKey) + (extra || "") }), ...children]);
  }

  /** Render ``items`` lazily: the first ``limit``, then a button for the rest. */
  function limited(items, limit, render, container) {
    const box = container || el("ul", { className: "kg-list" });
    items.slice(0, limit).forEach((item) => box.appendChild(render(item)));
    if (items.length > limit) {
      const button = el("button", { type: "button", className: "kg-more", text: t("more") + " (" + (items.length - limit) + ")" });
      button.addEventListener("click", () => {
        button.remove();
        limited(items.slice(limit), limit * 4, render, box);
      });
      box.appendChild(el("li", { className: "kg-more-row" }, [button]));
    }
    return box;
  }

  function nodeButton(id) {
    const b = el("button", { type: "button", className: "kg-node-link", text: nodeLabel(id) });
    b.dataset.node = id;
    b.addEventListener("click", () => selectNode(id, true));
    return b;
  }

  function evidenceItem(a) {
    const li = el("li", { className: "kg-evidence" });
    li.appendChild(el("blockquote", { text: DATA.texts[a.t] || t("noEvidence") }));
    const meta = el("div", { className: "kg-meta" });
    if (a.d >= 0) {
      const doc = DATA.docs[a.d];
      meta.appendChild(doc.url ? link(doc.url, docLabel(a.d)) : el("span", { className: "kg-doc-title", text: docLabel(a.d) }));
    } else if (a.m === "reference") {
      meta.appendChild(el("span", { text: t("curated") + (a.src ? ": " + a.src : "") }));
    }
    if (a.date) meta.appendChild(el("span", { className: "kg-date-text", text: a.date }));
    meta.appendChild(el("span", { text: a.m + " · " + t("confidence") + " " + a.c }));
    li.appendChild(meta);
    return li;
  }

  function evidenceList(assertions, limit) {
    // Document-backed evidence first: that is what an analyst wants to read.
    const sorted = assertions.slice().sort((x, y) => (x.d < 0) - (y.d < 0) || (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
    return limited(sorted, limit || 3, evidenceItem);
  }

  function swatch(cls) {
    const c = classInfo.get(cls) || { color: "#999", shape: "dot" };
    return shapeIcon(c.shape, c.color);
  }

  function renderNodePanel(id) {
    const n = info.get(id);
    const parts = [];
    const head = el("header", { className: "kg-panel-head" }, [
      el("h2", { text: n.zh }),
      el("div", { className: "kg-badge" }, [swatch(n.cls), el("span", { text: className(n.cls) })]),
    ]);
    parts.push(head);
    const more = neighboursOf(id).filter((m) => !nodes.get(m)).length;
    if (more) {
      const b = el("button", { type: "button", id: "kg-expand", className: "kg-expand", text: t("expand") + " (" + more + ")" });
      b.addEventListener("click", () => api.expand(id));
      parts.push(b);
    }

    const names = el("dl", { className: "kg-dl" });
    const row = (k, v) => { names.appendChild(el("dt", { text: t(k) })); names.appendChild(el("dd", {}, [v])); };
    row("zhLabel", el("span", { text: n.zh }));
    if (n.en) row("enLabel", el("span", { text: n.en }));
    if (n.aliases.length) row("aliases", el("span", { text: n.aliases.join("、") }));
    if (n.date) row("date", el("span", { text: n.date }));
    row("mentions", el("span", { text: String(n.mentions) + (n.curated ? " · " + t("curated") : "") }));
    n.ids.forEach((i) => row("identifiers", el("span", {}, [i.k + ": ", i.url ? link(i.url, i.v) : el("span", { text: i.v })])));
    parts.push(names);

    if (n.positions.length) {
      parts.push(section("positions", [limited(n.positions, 10, (p) =>
        el("li", { className: "kg-position" }, [el("strong", { text: p.value }), evidenceList(p.a, 2)]))]));
    }

    const rels = edgesOf.get(id).map((eid) => edgeInfo.get(eid));
    rels.sort((x, y) => DATA.relations.findIndex((r) => r.id === x.p) - DATA.relations.findIndex((r) => r.id === y.p) ||
      nodeLabel(x.from === id ? x.to : x.from).localeCompare(nodeLabel(y.from === id ? y.to : y.from)));
    if (rels.length) {
      parts.push(section("relationsOf", [limited(rels, 30, (e) => {
        const outgoing = e.from === id;
        const other = outgoing ? e.to : e.from;
        const li = el("li", { className: "kg-rel" });
        const arrow = SYMMETRIC.has(e.p) ? "↔" : outgoing ? "→" : "←";
        const line = el("div", { className: "kg-rel-line" }, [
          el("span", { className: "kg-arrow", text: arrow }),
          el("span", { className: "kg-pred", text: relLabel(e.p) }),
          nodeButton(other),
        ]);
        line.addEventListener("dblclick", () => selectEdge(e.id));
        li.appendChild(line);
        li.appendChild(evidenceList(e.a, 2));
        return li;
      })], " (" + rels.length + ")"));
    }

    if (n.statements.length) {
      parts.push(section("statements", [limited(n.statements, 5, (s) =>
        evidenceItem({ t: s.t, d: s.d, date: s.date, m: "transcript", c: 1, src: "" }))]));
    }

    if (n.docs.length) {
      const docs = n.docs.slice().sort((a, b) => (DATA.docs[a].date < DATA.docs[b].date ? 1 : -1));
      parts.push(section("documents", [limited(docs, 10, (d) => {
        const doc = DATA.docs[d];
        return el("li", { className: "kg-doc" }, [
          doc.url ? link(doc.url, docLabel(d)) : el("span", { text: docLabel(d) }),
          el("span", { className: "kg-date-text", text: doc.date }),
        ]);
      })], " (" + n.docs.length + ")"));
    }
    panel(parts);
  }

  function renderEdgePanel(id) {
    const e = edgeInfo.get(id);
    panel([
      el("header", { className: "kg-panel-head" }, [
        el("h2", { text: t("edge") }),
        el("div", { className: "kg-rel-line" }, [
          nodeButton(e.from),
          el("span", { className: "kg-pred", text: SYMMETRIC.has(e.p) ? "↔ " + relLabel(e.p) + " ↔" : "→ " + relLabel(e.p) + " →" }),
          nodeButton(e.to),
        ]),
        el("div", { className: "kg-meta", text: t("confidence") + " " + e.conf +
          (e.dates.length ? " · " + t("factDates") + " " + (e.dates[0] === e.dates[1] ? e.dates[0] : e.dates[0] + " – " + e.dates[1]) : "") +
          (e.mod.length ? " · " + e.mod.join(", ") : "") }),
      ]),
      section("evidence", [evidenceList(e.a, 20)], " (" + e.a.length + ")"),
    ]);
  }

  /* ---------- filters ---------- */
  const MONTH_END = ["31", "29", "31", "30", "31", "30", "31", "31", "30", "31", "30", "31"];
  /** A partial ISO date as [first day, last day]; null when it has no year. */
  function span(date) {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date || "");
    if (!m) return null;
    if (m[3]) return [m[0], m[0]];
    if (m[2]) return [m[1] + "-" + m[2] + "-01", m[1] + "-" + m[2] + "-" + (MONTH_END[+m[2] - 1] || "31")];
    return [m[1] + "-01-01", m[1] + "-12-31"];
  }
  function dateOk(date) {
    if (!state.from && !state.to) return true;
    const s = span(date);
    if (!s) return false;
    return (!state.from || s[1] >= state.from) && (!state.to || s[0] <= state.to);
  }
  const narrowing = () => state.doc !== "" || !!state.from || !!state.to;
  const assertionOk = (a) => (state.doc === "" || a.d === +state.doc) && dateOk(a.date);
  function nodeMatches(n) {
    if (n.docs.some((d) => (state.doc === "" || d === +state.doc) && dateOk(DATA.docs[d].date))) return true;
    return state.doc === "" && !!n.date && dateOk(n.date);
  }

  /** Hide drawn items the filters exclude; counts cover the whole graph, drawn or not. */
  function applyFilters() {
    const narrow = narrowing();
    const edgeOk = (e) => state.relations.has(e.p) && (state.modal || !e.mod.length) &&
      state.classes.has(info.get(e.from).cls) && state.classes.has(info.get(e.to).cls) &&
      (!narrow || e.a.some(assertionOk));
    const touched = new Set();
    const edgeUpdates = [];
    edges.getIds().forEach((id) => {
      const e = edgeInfo.get(id);
      const ok = edgeOk(e);
      if (ok) { touched.add(e.from); touched.add(e.to); }
      if (!!edges.get(id).hidden !== !ok) edgeUpdates.push({ id: id, hidden: !ok });
    });
    const nodeUpdates = [];
    let drawn = 0;
    nodes.getIds().forEach((id) => {
      const n = info.get(id);
      const ok = state.classes.has(n.cls) && (!narrow || touched.has(id) || nodeMatches(n));
      if (ok) drawn++;
      if (!!nodes.get(id).hidden !== !ok) nodeUpdates.push({ id: id, hidden: !ok });
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    api.visible = { nodes: drawn, edges: edges.getIds().filter((id) => !edges.get(id).hidden).length };
    $("kg-counts").textContent = t("shownOf")(drawn, META.nodes) + " · " + META.edges + " " + t("edges");
    const sel = state.selected;
    if (sel && sel.kind === "node") {
      if (!nodes.get(sel.id) || nodes.get(sel.id).hidden) clearSelection();
      else highlight(...neighbourhood(sel.id));
    } else if (sel && sel.kind === "edge" && (!edges.get(sel.id) || edges.get(sel.id).hidden)) {
      clearSelection();
    }
  }

  function resetFilters() {
    state.classes = new Set(DATA.classes.map((c) => c.id));
    state.relations = new Set(DATA.relations.map((r) => r.id));
    state.doc = "";
    state.from = "";
    state.to = "";
    $("kg-doc").value = "";
    $("kg-date-from").value = "";
    $("kg-date-to").value = "";
    document.querySelectorAll("#kg-controls input[type=checkbox][data-filter]").forEach((b) => { b.checked = true; });
    applyFilters();
  }

  /* ---------- controls ---------- */
  const SVG = "http://www.w3.org/2000/svg";
  function polygon(points) {
    const p = document.createElementNS(SVG, "polygon");
    p.setAttribute("points", points);
    return p;
  }
  /** A 14px legend icon in the node's shape and colour. */
  function shapeIcon(shape, colour) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 14 14");
    svg.setAttribute("width", "14");
    svg.setAttribute("height", "14");
    svg.setAttribute("class", "kg-shape");
    let s;
    if (shape === "square") {
      s = document.createElementNS(SVG, "rect");
      [["x", 2], ["y", 2], ["width", 10], ["height", 10]].forEach(([k, v]) => s.setAttribute(k, v));
    } else if (shape === "diamond") s = polygon("7,1 13,7 7,13 1,7");
    else if (shape === "triangle") s = polygon("7,1 13,12 1,12");
    else if (shape === "triangleDown") s = polygon("1,2 13,2 7,13");
    else if (shape === "hexagon") s = polygon("4,1.5 10,1.5 13,7 10,12.5 4,12.5 1,7");
    else if (shape === "star") s = polygon("7,0.8 8.8,5 13.3,5.2 9.8,8.1 11,12.6 7,10.1 3,12.6 4.2,8.1 0.7,5.2 5.2,5");
    else {
      s = document.createElementNS(SVG, "circle");
      [["cx", 7], ["cy", 7], ["r", 5.5]].forEach(([k, v]) => s.setAttribute(k, v));
    }
    s.setAttribute("fill", colour);
    s.setAttribute("stroke", "rgba(0,0,0,.35)");
    svg.appendChild(s);
    return svg;
  }

  function checkItem(kind, id, checked, icon, label, count, onChange) {
    const box = el("input", { type: "checkbox", checked: checked });
    box.dataset.filter = kind;
    box.dataset.value = id;
    box.addEventListener("change", () => onChange(box.checked));
    return el("li", {}, [el("label", {}, [box, icon, el("span", { className: "kg-name", text: label }),
      el("span", { className: "kg-count", text: String(count) })])]);
  }

  function renderControls() {
    document.querySelectorAll("[data-i18n]").forEach((node) => { node.textContent = t(node.dataset.i18n); });
    $("kg-lang").textContent = t("langButton");
    $("kg-search-input").placeholder = t("search");
    $("kg-title").textContent = state.lang === "zh" ? META.title || t("title") : (META.title && META.title !== I18N.zh.title ? META.title : t("title"));

    $("kg-legend").replaceChildren(...DATA.classes.filter((c) => c.count > 0 || classInfo.has(c.id)).map((c) =>
      checkItem("class", c.id, state.classes.has(c.id), shapeIcon(c.shape, c.color), c[state.lang], c.count, (on) => {
        if (on) state.classes.add(c.id); else state.classes.delete(c.id);
        applyFilters();
      })));
    $("kg-relations").replaceChildren(...DATA.relations.map((r) =>
      checkItem("relation", r.id, state.relations.has(r.id), el("span", { className: "kg-line" }), r[state.lang], r.count, (on) => {
        if (on) state.relations.add(r.id); else state.relations.delete(r.id);
        applyFilters();
      })));

    const used = new Set();
    DATA.info.forEach((n) => n.docs.forEach((d) => used.add(d)));
    DATA.edgeInfo.forEach((e) => e.a.forEach((a) => { if (a.d >= 0) used.add(a.d); }));
    const docs = Array.from(used).sort((a, b) => {
      const x = DATA.docs[a];
      const y = DATA.docs[b];
      return (x.date < y.date ? 1 : x.date > y.date ? -1 : 0) || docLabel(a).localeCompare(docLabel(b));
    });
    const select = $("kg-doc");
    select.replaceChildren(el("option", { value: "", text: t("allDocs") }), ...docs.map((d) => {
      const label = docLabel(d);
      const text = (DATA.docs[d].date ? DATA.docs[d].date + " " : "") + (label.length > 40 ? label.slice(0, 39) + "…" : label);
      return el("option", { value: String(d), text: text, title: label });
    }));
    select.value = state.doc;
    $("kg-edge-labels").checked = state.edgeLabels;
  }

  function relabel() {
    nodes.update(nodes.getIds().map((id) => ({ id: id, label: nodeLabel(id), title: nodeTooltip(id) })));
    edges.update(edges.getIds().map((id) => ({ id: id, label: edgeText(id), title: edgeTooltip(id) })));
  }

  function setLanguage(lang) {
    state.lang = lang;
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    renderControls();
    renderViewControls();
    relabel();
    applyFilters();
    const sel = state.selected;
    if (sel && sel.kind === "node") renderNodePanel(sel.id);
    else if (sel && sel.kind === "edge") renderEdgePanel(sel.id);
  }

  $("kg-lang").addEventListener("click", () => setLanguage(state.lang === "zh" ? "en" : "zh"));
  $("kg-doc").addEventListener("change", (ev) => { state.doc = ev.target.value; applyFilters(); });
  $("kg-date-from").addEventListener("change", (ev) => { state.from = ev.target.value; applyFilters(); });
  $("kg-date-to").addEventListener("change", (ev) => { state.to = ev.target.value; applyFilters(); });
  $("kg-edge-labels").addEventListener("change", (ev) => { state.edgeLabels = ev.target.checked; relabel(); });
  $("kg-reset").addEventListener("click", resetFilters);
  $("kg-fit").addEventListener("click", () => network.fit({ animation: { duration: 300 } }));
  $("kg-panel-close").addEventListener("click", clearSelection);

  /* ---------- search ---------- */
  // Same folding as kg.view.data.fold: NFKC, lower case, no spaces/dashes/dots/quotes,
  // so "China-Laos railway" finds "China–Laos Railway".
  const FOLD = /[\s\-\u2010-\u2015\u2212\u30fb\u00b7\u2022\uff0d\ufe58\ufe63_.,'"“”‘’「」《》()（）]+/g;
  const fold = (s) => String(s || "").normalize("NFKC").toLowerCase().replace(FOLD, "");
  const index = DATA.info.map((n) => ({
    id: n.id,
    keys: Array.from(new Set([n.zh, n.en, ...n.aliases, ...n.variants, n.id].filter(Boolean).map(fold))),
  }));

  /** Node ids matching ``query``: exact names first, then prefixes, then substrings. */
  function search(query, limit) {
    const q = fold(query);
    if (!q) return [];
    const hits = [];
    index.forEach((entry) => {
      let best = 3;
      for (const k of entry.keys) {
        if (k === q) { best = 0; break; }
        if (best > 1 && k.startsWith(q)) best = 1;
        else if (best > 2 && k.includes(q)) best = 2;
      }
      if (best < 3) hits.push([best, -info.get(entry.id).mentions, info.get(entry.id).zh, entry.id]);
    });
    hits.sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
    return hits.slice(0, limit || 12).map((h) => h[3]);
  }
  api.search = search;
  api.select = (id) => selectNode(id, true);
  api.selectEdge = selectEdge;
  api.setLanguage = setLanguage;

  const input = $("kg-search-input");
  const results = $("kg-search-results");
  let active = 0;
  let current = [];

  function showResults() {
    current = search(input.value);
    active = 0;
    if (!input.value.trim()) {
      results.hidden = true;
      return;
    }
    results.replaceChildren(...(current.length ? current.map((id, i) => {
      const n = info.get(id);
      const li = el("li", { className: "kg-result" + (i === active ? " kg-active" : ""), role: "option" }, [
        swatch(n.cls),
        el("span", { className: "kg-name", text: n.zh }),
        n.en ? el("span", { className: "kg-en", text: n.en }) : null,
      ]);
      li.dataset.node = id;
      li.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(id); });
      return li;
    }) : [el("li", { className: "kg-empty", text: t("noResults") })]));
    results.hidden = false;
  }

  function choose(id) {
    results.hidden = true;
    input.value = nodeLabel(id);
    input.blur();
    selectNode(id, true);
  }

  input.addEventListener("input", showResults);
  input.addEventListener("focus", () => { if (input.value.trim()) showResults(); });
  input.addEventListener("blur", () => { results.hidden = true; });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      if (!current.length) current = search(input.value);
      if (current.length) choose(current[Math.min(active, current.length - 1)]);
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!current.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : current.length - 1)) % current.length;
      Array.from(results.children).forEach((li, i) => li.classList.toggle("kg-active", i === active));
    } else if (ev.key === "Escape") {
      results.hidden = true;
    }
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "/" && document.activeElement !== input && !/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName)) {
      ev.preventDefault();
      input.focus();
    }
  });

  /* ---------- the view: overview / all, what is hidden and how to show it ---------- */
  function renderViewControls() {
    const box = $("kg-view");
    const parts = [];
    const buttons = el("div", { className: "kg-view-buttons" });
    const ov = el("button", { type: "button", id: "kg-overview", text: t("overview") });
    ov.disabled = !META.overview.length;
    ov.addEventListener("click", showOverview);
    const all = el("button", { type: "button", id: "kg-show-all", text: t("showAll") });
    all.disabled = !META.whole;
    if (!META.whole) all.title = t("tooMany");
    all.addEventListener("click", showAll);
    buttons.append(ov, all);
    parts.push(buttons);
    const modal = el("input", { type: "checkbox", id: "kg-modal", checked: state.modal });
    modal.addEventListener("change", () => {
      state.modal = modal.checked;
      // modal relations between drawn nodes appear or go; nothing else moves
      addEdgesOf(nodes.getIds());
      applyFilters();
    });
    parts.push(el("label", { className: "kg-toggle" }, [modal, el("span", { text: t("modal") + " (" + META.modal + ")" })]));
    if (META.whole && META.isolated) {
      const iso = el("input", { type: "checkbox", id: "kg-isolated", checked: state.isolated });
      iso.addEventListener("change", () => { state.isolated = iso.checked; showAll(); });
      parts.push(el("label", { className: "kg-toggle" }, [iso, el("span", { text: t("showUnlinked") + " (" + META.isolated + ")" })]));
    }
    parts.push(el("p", { className: "kg-note", id: "kg-hidden-note", text: t("hiddenNote")(META.overview.length, META.isolated, META.modal) }));
    // communities: the largest, named by their most important members
    const comms = DATA.communities.filter((c) => c.size > 1).slice(0, 8);
    if (comms.length) {
      parts.push(el("h2", { text: t("communities") }));
      parts.push(el("ul", { className: "kg-communities" }, comms.map((c) => {
        const li = el("li", {}, [el("span", { className: "kg-halo", style: { background: haloColour(c.id) } }),
          nodeButton(c.top[0]), el("span", { className: "kg-count", text: " " + c.size })]);
        li.title = c.top.map(nodeLabel).join("、");
        return li;
      })));
    }
    if (META.isolated) {
      const lonely = DATA.info.filter((n) => n.degree === 0).sort((a, b) => b.score - a.score);
      const list = limited(lonely, 15, (n) => el("li", {}, [nodeButton(n.id)]));
      list.id = "kg-isolated-list";
      parts.push(el("details", { id: "kg-unlinked" }, [
        el("summary", { text: t("unlinked") + " (" + META.isolated + ")" }), list]));
    }
    box.replaceChildren(...parts);
  }

  renderControls();
  renderViewControls();
  if (state.mode === "all") showAll();
  else showOverview();
  api.timings.open = performance.now();
})();
