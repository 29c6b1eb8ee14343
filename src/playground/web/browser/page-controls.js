// @ts-check
/**
 * The page's controls: the command box with its history and example chips, the sample-alarm buttons, and live
 * updates over Server-Sent Events. `start()` sets them up and fetches the first state.
 */
import { fetchState, renderChannelSelect, selectChannel } from "./page.js";
import { $, byId, config, findChannel, postJson, setStatus, startFollow, view } from "./page-state.js";
import { h } from "./render-blocks.js";

const HISTORY_KEY = "klaxon.playground.history";
/** @type {string[]} */
let cmdHistory = [];
let historyAt = 0;
let draft = "";

function loadHistory() {
  try {
    cmdHistory = JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]").filter(
      (/** @type {unknown} */ x) => typeof x === "string",
    );
  } catch {
    cmdHistory = [];
  }
  historyAt = cmdHistory.length;
}

/** @param {string} text */
function remember(text) {
  cmdHistory = cmdHistory
    .filter((x) => x !== text)
    .concat([text])
    .slice(-50);
  historyAt = cmdHistory.length;
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(cmdHistory));
  } catch {
    /* private mode: keep it in memory */
  }
}

/** @param {string} text */
function sendCommand(text) {
  const channelId = byId("command-channel", HTMLSelectElement).value || "#alerts";
  if (!/^\/[A-Za-z0-9]/.test(text)) {
    setStatus("command-status", false, "Commands start with a slash, like /trace <request id> 1h");
    return;
  }
  const input = byId("command-input", HTMLInputElement);
  input.disabled = true;
  remember(text);
  const channel = findChannel(channelId);
  if (!channel) view.pendingChannel = channelId;
  else view.selected = channel.id;
  setStatus("command-status", true, "Sending " + text.split(/\s/)[0] + "…");
  postJson("/playground/command", { channelId: channelId, text: text }).then((r) => {
    input.disabled = false;
    input.focus();
    const ok = r.status === 200 && r.data.ok;
    if (r.status === 200) input.value = "";
    setStatus("command-status", ok, text.split(/\s/)[0] + ": " + r.data.detail);
  });
}

function setUpCommandBox() {
  const input = byId("command-input", HTMLInputElement);
  loadHistory();
  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (text) sendCommand(text);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowUp" && historyAt > 0) {
      if (historyAt === cmdHistory.length) draft = input.value;
      historyAt -= 1;
      input.value = cmdHistory[historyAt] ?? "";
      e.preventDefault();
    } else if (e.key === "ArrowDown" && historyAt < cmdHistory.length) {
      historyAt += 1;
      input.value = historyAt === cmdHistory.length ? draft : (cmdHistory[historyAt] ?? "");
      e.preventDefault();
    }
  });
  const channelSelect = byId("command-channel", HTMLSelectElement);
  channelSelect.addEventListener("change", () => {
    const c = findChannel(channelSelect.value);
    if (c) selectChannel(c.id);
  });
  const chips = $("examples");
  (config.exampleCommands || []).forEach((cmd) => {
    const chip = h(
      "button",
      {
        type: "button",
        class: "chip",
        "data-testid": "example-command",
        title: "Put this command in the box",
      },
      [cmd],
    );
    chip.addEventListener("click", () => {
      input.value = cmd;
      input.focus();
    });
    chips.appendChild(chip);
  });
}

/**
 * @param {string} name
 * @param {string} stateName
 * @param {HTMLButtonElement} button
 */
function fireAlarm(name, stateName, button) {
  button.disabled = true;
  startFollow();
  setStatus("alarm-status", true, "Firing " + stateName + " for " + name + "…");
  postJson("/playground/alarm", { name: name, state: stateName }).then((r) => {
    button.disabled = false;
    setStatus("alarm-status", r.status === 200 && r.data.ok, stateName + " · " + name + ": " + r.data.detail);
  });
}

function setUpAlarms() {
  const list = $("alarms");
  (config.sampleNames || []).forEach((name) => {
    const row = h("li", { class: "alarm-row", "data-testid": "alarm-sample" }, [
      h("div", { class: "alarm-name" }, [name]),
    ]);
    const buttons = h("div", { class: "alarm-buttons" });
    /** @type {[state: string, label: string, style: string][]} */
    const specs = [
      ["ALARM", "🔴 ALARM", "danger"],
      ["OK", "✅ OK", "primary"],
    ];
    specs.forEach((spec) => {
      const b = h(
        "button",
        {
          type: "button",
          class: "bk-btn " + spec[2],
          "data-testid": "alarm-button",
          "data-sample": name,
          "data-state": spec[0],
        },
        [spec[1]],
      );
      b.addEventListener("click", () => {
        fireAlarm(name, spec[0], b);
      });
      buttons.appendChild(b);
    });
    row.appendChild(buttons);
    list.appendChild(row);
  });
  if ((config.sampleNames || []).length === 0)
    list.appendChild(h("li", { class: "hint" }, ["No sample alarms configured."]));
}

/** @type {ReturnType<typeof setTimeout> | null} */
let refetchTimer = null;

function scheduleFetch() {
  if (refetchTimer) return;
  refetchTimer = setTimeout(() => {
    refetchTimer = null;
    fetchState();
  }, 50);
}

function connectEvents() {
  const live = $("live-status");
  if (typeof EventSource === "undefined") {
    live.textContent = "○ polling";
    setInterval(fetchState, 2000);
    return;
  }
  const source = new EventSource("/playground/events");
  source.onopen = () => {
    live.textContent = "● live";
    live.className = "live on";
    scheduleFetch();
  };
  source.onerror = () => {
    live.textContent = "○ reconnecting…";
    live.className = "live off";
  };
  source.addEventListener("change", scheduleFetch);
}

/** Sets up the controls, fills the channel list and starts fetching and listening for changes. */
export function start() {
  setUpCommandBox();
  setUpAlarms();
  renderChannelSelect();
  fetchState();
  connectEvents();
}
