// The API docs page: renders /openapi.json as a plain list of routes with their bodies, answers
// and schemas. Self-contained (no Swagger UI from a CDN), so it works offline and under the
// page's Content-Security-Policy.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);

  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  const refName = (ref) => ref.split("/").pop();

  // A schema as a link to its component, or as JSON when it is inline.
  function schemaNode(schema) {
    if (!schema) return h("span", { className: "none" }, "(none)");
    if (schema.$ref) return h("a", { href: `#schema-${refName(schema.$ref)}` }, refName(schema.$ref));
    return h("pre", {}, JSON.stringify(schema, null, 2));
  }

  function contentList(content) {
    return Object.entries(content || {}).map(([type, media]) =>
      h("li", {}, h("code", {}, type), " ", schemaNode(media.schema)));
  }

  function operation(path, method, op) {
    const body = op.requestBody
      ? h("div", {}, h("h4", {}, "Body"), h("ul", {}, ...contentList(op.requestBody.content)))
      : null;
    const params = (op.parameters || []).map((p) =>
      h("li", {}, h("code", {}, `${p.name}`), ` (${p.in}) `, schemaNode(p.schema)));
    const answers = Object.entries(op.responses || {}).map(([status, r]) =>
      h("li", {}, h("strong", {}, status), ` ${r.description || ""} `, h("ul", {}, ...contentList(r.content))));
    return h("section", { className: "block", id: `op-${method}-${path}` },
      h("h2", {}, h("code", {}, `${method.toUpperCase()} ${path}`)),
      op.summary ? h("p", {}, op.summary) : null,
      params.length ? h("div", {}, h("h4", {}, "Query"), h("ul", {}, ...params)) : null,
      body,
      h("h4", {}, "Answers"), h("ul", {}, ...answers));
  }

  async function start() {
    const main = $("docs");
    try {
      const response = await fetch("openapi.json", { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const api = await response.json();
      $("title").textContent = `${api.info.title} ${api.info.version}`;
      $("description").textContent = api.info.description || "";
      const ops = [];
      for (const [path, methods] of Object.entries(api.paths || {})) {
        for (const [method, op] of Object.entries(methods)) ops.push(operation(path, method, op));
      }
      $("operations").replaceChildren(...ops);
      const schemas = Object.entries((api.components || {}).schemas || {}).map(([name, schema]) =>
        h("details", { id: `schema-${name}` }, h("summary", {}, name),
          h("pre", {}, JSON.stringify(schema, null, 2))));
      $("schemas").replaceChildren(...schemas);
      main.dataset.state = "ready";
    } catch {
      $("failed").hidden = false;
      main.dataset.state = "error";
    }
  }

  start();
})();
