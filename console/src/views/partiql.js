/**
 * PartiQL: one statement at a time through ExecuteStatement, its items in
 * the same grid as the explorer's, and NextToken for the next page.
 */
import { field, fill, h } from "../dom.js";
import { renderGrid } from "../grid.js";
import { parseExactJson, fromPlain } from "../values.js";

export async function partiqlView(ctx, screen) {
  const state = ctx.state.get("\u0000partiql") ?? { statement: "", parameters: "" };
  ctx.state.set("\u0000partiql", state);
  const statement = h("textarea", { class: "code", rows: 5, spellcheck: false, value: state.statement,
    placeholder: `SELECT * FROM "${ctx.tableNames()[0] ?? "MyTable"}" WHERE pk = 'a'` });
  const parameters = h("input", { type: "text", class: "wide", value: state.parameters, placeholder: "[\"a\", 42]" });
  const results = h("section", { class: "results", "aria-label": "Statement results" });
  let tokens = [];

  const runPage = async (nextToken) => {
    state.statement = statement.value;
    state.parameters = parameters.value;
    const request = { Statement: statement.value };
    if (parameters.value.trim()) {
      try {
        const list = parseExactJson(parameters.value);
        if (!Array.isArray(list)) throw new SyntaxError("parameters are a JSON list");
        request.Parameters = list.map(fromPlain);
      } catch (err) {
        ctx.fail({ type: "Form", message: `Parameters: ${err.message}` });
        return;
      }
    }
    if (nextToken) request.NextToken = nextToken;
    const result = await ctx.attempt(() => ctx.call("ExecuteStatement", request));
    if (!result || !ctx.current()) return;
    ctx.clearError();
    const items = result.Items ?? [];
    fill(results,
      h("div", { class: "results-head" }, h("h2", {}, "Results"),
        h("p", { class: "counts" }, h("span", {}, "Returned ", h("strong", {}, String(items.length))), h("span", {}, `Page ${tokens.length + 1}`))),
      h("div", { class: "grid-wrap" }, renderGrid(items, [], { caption: "Statement results", onOpen: null })),
      h("div", { class: "pager" },
        h("button", { type: "button", disabled: !result.NextToken, onclick: () => { tokens.push(result.NextToken); runPage(result.NextToken); } }, "Next page")));
  };

  fill(screen,
    h("div", { class: "screen-head" }, h("h1", {}, "PartiQL editor")),
    h("form", { class: "panel", "aria-label": "PartiQL statement", onsubmit: (e) => { e.preventDefault(); tokens = []; runPage(); } },
      field("Statement", statement, "SELECT, INSERT, UPDATE or DELETE; Ctrl+Enter runs it"),
      field("Parameters (JSON list, for ? placeholders)", parameters),
      h("div", { class: "form-actions" }, h("button", { type: "submit", class: "primary" }, "Run"))),
    results);
  statement.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); tokens = []; runPage(); }
  });
  statement.focus();
}
