// Review page: list documents, show entities and triples over the text, edit, save with If-Match.
// Offsets are code-point offsets into the document text (as the API's), not UTF-16 offsets.
"use strict";

const LABELS = ["ZONE", "COMPANY", "PROJECT", "AMOUNT", "DATE"];
const PREDICATES = ["located_in", "builds", "partners_with", "total_investment", "invested", "capacity",
                    "subsidy", "signed_on", "started_on", "completed_on", "metric"];
const $ = (id) => document.getElementById(id);
const state = { documents: [], doc: null, chars: [], entities: [], relations: [], version: 0, selected: null };

function message(text, kind) {
  const box = $("message");
  box.textContent = text;
  box.className = kind || "";
}

async function api(path, options = {}) {
  const headers = Object.assign({ "X-API-Key": $("api-key").value }, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (!response.ok) {
    const error = new Error(body?.error?.message || response.statusText);
    error.status = response.status;
    error.code = body?.error?.code;
    throw error;
  }
  return body;
}

async function loadDocuments(quiet = false) {
  localStorage.setItem("bulletin-api-key", $("api-key").value);
  const status = $("status-filter").value;
  try {
    const body = await api(`/v1/documents?limit=500${status ? `&status=${status}` : ""}`);
    state.documents = body.documents;
    const list = $("documents");
    list.innerHTML = "";
    for (const doc of body.documents) {
      const item = document.createElement("li");
      item.dataset.id = doc.id;
      item.innerHTML = `<span class="status">${doc.status}</span>#${doc.id} ${escapeHtml(doc.preview.slice(0, 24))}`;
      item.addEventListener("click", () => openDocument(doc.id));
      if (state.doc && state.doc.id === doc.id) item.classList.add("selected");
      list.appendChild(item);
    }
    if (!quiet) message(`${body.total} documents`, "ok");
  } catch (error) {
    message(`Could not list documents: ${error.message}`, "error");
  }
}

async function openDocument(id) {
  try {
    const doc = await api(`/v1/documents/${id}`);
    const source = doc.annotation || doc.prediction || { entities: [], relations: [] };
    state.doc = doc;
    state.chars = Array.from(doc.text);
    state.entities = source.entities.map((e) => Object.assign({}, e));
    state.relations = source.relations.map((r) => Object.assign({}, r));
    state.version = doc.annotation_version;
    state.selected = null;
    $("editor").hidden = false;
    $("reload").hidden = true;
    $("doc-title").textContent = `#${doc.id} ${doc.source || ""}`;
    $("doc-version").textContent = `annotation version ${doc.annotation_version}` +
      (doc.annotation ? "" : doc.prediction ? ` · prediction of model ${doc.prediction.model_version}` : "");
    document.querySelectorAll("#documents li").forEach((li) =>
      li.classList.toggle("selected", Number(li.dataset.id) === doc.id));
    render();
  } catch (error) {
    message(`Could not open document ${id}: ${error.message}`, "error");
  }
}

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[ch]));
}

function entityText(entity) {
  return state.chars.slice(entity.start_offset, entity.end_offset).join("");
}

function render() {
  const text = $("text");
  text.innerHTML = "";
  const sorted = [...state.entities].sort((a, b) => a.start_offset - b.start_offset);
  let position = 0;
  const plain = (start, end) => {
    if (end <= start) return;
    const span = document.createElement("span");
    span.dataset.start = start;
    span.textContent = state.chars.slice(start, end).join("");
    text.appendChild(span);
  };
  for (const entity of sorted) {
    plain(position, entity.start_offset);
    const mark = document.createElement("mark");
    mark.className = "ent" + (state.selected === entity.id ? " selected" : "");
    mark.dataset.label = entity.label;
    mark.dataset.id = entity.id;
    mark.dataset.start = entity.start_offset;
    mark.title = entity.label + (entity.canonical ? ` → ${entity.canonical}` : "");
    mark.textContent = entityText(entity);
    mark.addEventListener("click", (event) => { event.stopPropagation(); selectEntity(entity.id); });
    text.appendChild(mark);
    position = Math.max(position, entity.end_offset);
  }
  plain(position, state.chars.length);
  renderRelations();
  renderEntityPanel();
}

function describe(entity) {
  return entity ? `${entity.label}:${entityText(entity).replace(/\s+/g, "")}` : "?";
}

function renderRelations() {
  const body = $("triples").querySelector("tbody");
  body.innerHTML = "";
  const byId = new Map(state.entities.map((e) => [e.id, e]));
  state.relations.forEach((relation, index) => {
    const row = document.createElement("tr");
    row.innerHTML = `<td>${escapeHtml(describe(byId.get(relation.from_id)))}</td><td>${relation.type}</td>` +
      `<td>${escapeHtml(describe(byId.get(relation.to_id)))}</td><td>${escapeHtml(relation.attribute || "")}</td>`;
    const cell = document.createElement("td");
    const remove = document.createElement("button");
    remove.textContent = "Delete";
    remove.className = "delete-relation";
    remove.addEventListener("click", () => { state.relations.splice(index, 1); render(); });
    cell.appendChild(remove);
    row.appendChild(cell);
    body.appendChild(row);
  });
  for (const select of [$("rel-subject"), $("rel-object")]) {
    select.innerHTML = "";
    for (const entity of [...state.entities].sort((a, b) => a.start_offset - b.start_offset)) {
      select.appendChild(new Option(describe(entity), entity.id));
    }
  }
}

function renderEntityPanel() {
  const entity = state.entities.find((e) => e.id === state.selected);
  $("entity-panel").hidden = !entity;
  if (!entity) return;
  $("entity-text").textContent = entityText(entity);
  $("entity-label").value = entity.label;
}

function selectEntity(id) {
  state.selected = id;
  render();
}

function selectionOffsets() {
  // Code-point offsets of the current selection inside the text pane, or null.
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const offsetOf = (node, offset) => {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (!element || element.dataset.start === undefined) return null;
    const before = node.nodeType === Node.TEXT_NODE ? node.textContent.slice(0, offset) : "";
    return Number(element.dataset.start) + Array.from(before).length;
  };
  const start = offsetOf(range.startContainer, range.startOffset);
  const end = offsetOf(range.endContainer, range.endOffset);
  if (start === null || end === null || end <= start) return null;
  return [start, end];
}

function addEntity() {
  const offsets = selectionOffsets();
  if (!offsets) { message("Select the text of the new entity first.", "error"); return; }
  let [start, end] = offsets;
  while (start < end && /\s/.test(state.chars[start])) start += 1;
  while (end > start && /\s/.test(state.chars[end - 1])) end -= 1;
  if (state.entities.some((e) => e.start_offset < end && start < e.end_offset)) {
    message("The selection overlaps an entity; spans must be flat.", "error");
    return;
  }
  const id = state.entities.reduce((m, e) => Math.max(m, e.id), -1) + 1;
  state.entities.push({ id, label: $("new-label").value, start_offset: start, end_offset: end });
  state.selected = id;
  window.getSelection().removeAllRanges();
  render();
}

function deleteEntity() {
  const id = state.selected;
  state.entities = state.entities.filter((e) => e.id !== id);
  state.relations = state.relations.filter((r) => r.from_id !== id && r.to_id !== id);
  state.selected = null;
  render();
}

function changeLabel() {
  const entity = state.entities.find((e) => e.id === state.selected);
  if (!entity) return;
  entity.label = $("entity-label").value;
  if (!["AMOUNT", "DATE"].includes(entity.label)) delete entity.value;
  if (entity.label !== "ZONE") delete entity.canonical;
  render();
}

function addRelation() {
  const relation = {
    id: state.relations.reduce((m, r) => Math.max(m, r.id), -1) + 1,
    from_id: Number($("rel-subject").value),
    to_id: Number($("rel-object").value),
    type: $("rel-predicate").value,
  };
  const attribute = $("rel-attribute").value.trim();
  if (attribute) relation.attribute = attribute;
  state.relations.push(relation);
  render();
}

async function save() {
  const body = { entities: state.entities, relations: state.relations, accept: $("accept").checked };
  try {
    const doc = await api(`/v1/documents/${state.doc.id}/annotation`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", "If-Match": String(state.version) },
      body: JSON.stringify(body),
    });
    state.version = doc.annotation_version;
    $("doc-version").textContent = `annotation version ${doc.annotation_version}`;
    message(`Saved version ${doc.annotation_version}.`, "ok");
    loadDocuments(true);
  } catch (error) {
    if (error.status === 409) {
      message(`Conflict: ${error.message} Your edits are still here; reload to see the other version.`, "error");
      $("reload").hidden = false;
    } else {
      message(`Not saved (${error.code || error.status}): ${error.message}`, "error");
    }
  }
}

function init() {
  $("api-key").value = localStorage.getItem("bulletin-api-key") || "";
  for (const select of [$("new-label"), $("entity-label")]) LABELS.forEach((l) => select.appendChild(new Option(l, l)));
  PREDICATES.forEach((p) => $("rel-predicate").appendChild(new Option(p, p)));
  $("legend").innerHTML = LABELS.map((l) => `<span class="ent" data-label="${l}">${l}</span>`).join("");
  $("refresh").addEventListener("click", () => loadDocuments());
  $("status-filter").addEventListener("change", () => loadDocuments());
  $("add-entity").addEventListener("click", addEntity);
  $("delete-entity").addEventListener("click", deleteEntity);
  $("entity-label").addEventListener("change", changeLabel);
  $("add-relation").addEventListener("click", addRelation);
  $("save").addEventListener("click", save);
  $("reload").addEventListener("click", () => openDocument(state.doc.id));
  $("text").addEventListener("click", () => { if (state.selected !== null) selectEntity(null); });
  if ($("api-key").value) loadDocuments();
}

init();
