/**
 * Browser JavaScript for the page's controls: the command channel selector, the command box with history
 * and example chips, the sample-alarm buttons, and live updates over Server-Sent Events. Defines `start()`,
 * which `playgroundScript()` calls once everything is loaded.
 */
export const PAGE_CONTROLS_SCRIPT = String.raw`
var HISTORY_KEY = "klaxon.playground.history";
var cmdHistory = [];
var historyAt = 0;
var draft = "";

function loadHistory() {
  try { cmdHistory = JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]").filter(function (x) { return typeof x === "string"; }); }
  catch (e) { cmdHistory = []; }
  historyAt = cmdHistory.length;
}

function remember(text) {
  cmdHistory = cmdHistory.filter(function (x) { return x !== text; }).concat([text]).slice(-50);
  historyAt = cmdHistory.length;
  try { localStorage.setItem(HISTORY_KEY, JSON.stringify(cmdHistory)); } catch (e) { /* private mode: keep it in memory */ }
}

function renderChannelSelect() {
  var sel = $("command-channel");
  var current = view.selected || sel.value || "#alerts";
  sel.textContent = "";
  var channels = view.state ? view.state.channels : [];
  channels.forEach(function (c) { sel.appendChild(h("option", { value: c.id }, ["#" + c.name])); });
  if (!findChannel("alerts")) sel.appendChild(h("option", { value: "#alerts" }, ["#alerts"]));
  sel.value = current;
  if (sel.value !== current) sel.selectedIndex = 0;
}

function sendCommand(text) {
  var channelId = $("command-channel").value || "#alerts";
  if (!/^\/[A-Za-z0-9]/.test(text)) {
    setStatus("command-status", false, "Commands start with a slash, like /trace <request id> 1h");
    return;
  }
  var input = $("command-input");
  input.disabled = true;
  remember(text);
  if (!findChannel(channelId)) view.pendingChannel = channelId;
  else view.selected = findChannel(channelId).id;
  setStatus("command-status", true, "Sending " + text.split(/\s/)[0] + "…");
  postJson("/playground/command", { channelId: channelId, text: text }).then(function (r) {
    input.disabled = false;
    input.focus();
    var ok = r.status === 200 && r.data.ok;
    if (r.status === 200) input.value = "";
    setStatus("command-status", ok, text.split(/\s/)[0] + ": " + r.data.detail);
  });
}

function setUpCommandBox() {
  var input = $("command-input");
  loadHistory();
  $("composer").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (text) sendCommand(text);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowUp" && historyAt > 0) {
      if (historyAt === cmdHistory.length) draft = input.value;
      historyAt -= 1;
      input.value = cmdHistory[historyAt];
      e.preventDefault();
    } else if (e.key === "ArrowDown" && historyAt < cmdHistory.length) {
      historyAt += 1;
      input.value = historyAt === cmdHistory.length ? draft : cmdHistory[historyAt];
      e.preventDefault();
    }
  });
  $("command-channel").addEventListener("change", function () {
    var c = findChannel($("command-channel").value);
    if (c) selectChannel(c.id);
  });
  var chips = $("examples");
  (config.exampleCommands || []).forEach(function (cmd) {
    var chip = h("button", { type: "button", class: "chip", "data-testid": "example-command", title: "Put this command in the box" }, [cmd]);
    chip.addEventListener("click", function () { input.value = cmd; input.focus(); });
    chips.appendChild(chip);
  });
}

function fireAlarm(name, stateName, button) {
  button.disabled = true;
  startFollow();
  setStatus("alarm-status", true, "Firing " + stateName + " for " + name + "…");
  postJson("/playground/alarm", { name: name, state: stateName }).then(function (r) {
    button.disabled = false;
    setStatus("alarm-status", r.status === 200 && r.data.ok, stateName + " · " + name + ": " + r.data.detail);
  });
}

function setUpAlarms() {
  var list = $("alarms");
  (config.sampleNames || []).forEach(function (name) {
    var row = h("li", { class: "alarm-row", "data-testid": "alarm-sample" }, [h("div", { class: "alarm-name" }, [name])]);
    var buttons = h("div", { class: "alarm-buttons" });
    [["ALARM", "🔴 ALARM", "danger"], ["OK", "✅ OK", "primary"]].forEach(function (spec) {
      var b = h("button", {
        type: "button", class: "bk-btn " + spec[2], "data-testid": "alarm-button", "data-sample": name, "data-state": spec[0]
      }, [spec[1]]);
      b.addEventListener("click", function () { fireAlarm(name, spec[0], b); });
      buttons.appendChild(b);
    });
    row.appendChild(buttons);
    list.appendChild(row);
  });
  if ((config.sampleNames || []).length === 0) list.appendChild(h("li", { class: "hint" }, ["No sample alarms configured."]));
}

var refetchTimer = null;

function scheduleFetch() {
  if (refetchTimer) return;
  refetchTimer = setTimeout(function () { refetchTimer = null; fetchState(); }, 50);
}

function connectEvents() {
  var live = $("live-status");
  if (typeof EventSource === "undefined") {
    live.textContent = "○ polling";
    setInterval(fetchState, 2000);
    return;
  }
  var source = new EventSource("/playground/events");
  source.onopen = function () { live.textContent = "● live"; live.className = "live on"; scheduleFetch(); };
  source.onerror = function () { live.textContent = "○ reconnecting…"; live.className = "live off"; };
  source.addEventListener("change", scheduleFetch);
}

function start() {
  setUpCommandBox();
  setUpAlarms();
  renderChannelSelect();
  fetchState();
  connectEvents();
}
`;
