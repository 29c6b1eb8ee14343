/** What the page shows before its first state fetch: sample alarm names, example commands, who is who. */
export interface PageConfig {
  readonly sampleNames: readonly string[];
  readonly exampleCommands: readonly string[];
  readonly userId: string;
  readonly botUserId: string;
}

/** JSON that is safe inside a `<script type="application/json">` element: no `<` can close it. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * The playground page's HTML shell. It holds no Slack content: the script builds every message, channel,
 * sample and example from JSON with DOM text nodes, and the configuration travels as inert JSON, so nothing
 * a sample or the bot says can become markup.
 */
export function playgroundPageHtml(config: PageConfig): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>klaxon playground</title>
<link rel="stylesheet" href="/playground/app.css">
<link rel="stylesheet" href="/playground/messages.css">
</head>
<body>
<div class="app">
  <aside class="sidebar">
    <div class="workspace">
      <div class="ws-name">klaxon playground</div>
      <div class="live" data-testid="live-status" id="live-status">connecting…</div>
    </div>
    <div class="sidebar-section">Channels</div>
    <ul class="channel-list" data-testid="channel-list" id="channel-list"></ul>
    <p class="sidebar-empty" id="no-channels">No channels yet. Fire a sample alarm or run a command: channels appear as the bot posts to them.</p>
  </aside>
  <main class="main">
    <header class="channel-header">
      <h1 data-testid="channel-title" id="channel-title">klaxon playground</h1>
      <span class="channel-sub" id="channel-sub">a local Slack for trying klaxon</span>
    </header>
    <div class="messages" data-testid="message-list" id="messages"></div>
    <form class="composer" id="composer" data-testid="command-form" autocomplete="off">
      <div class="composer-row">
        <select id="command-channel" data-testid="command-channel" aria-label="Channel the command runs in"></select>
        <input id="command-input" data-testid="command-input" placeholder="/trace &lt;request id&gt; 1h   (↑ ↓ for history)" aria-label="Slash command" spellcheck="false">
        <button type="submit" class="send" data-testid="command-send">Send</button>
      </div>
      <div class="chips" id="examples" data-testid="example-list"></div>
      <div class="status" id="command-status" data-testid="command-status" role="status"></div>
    </form>
  </main>
  <aside class="panel">
    <h2>Sample alarms</h2>
    <p class="hint">Fire a CloudWatch alarm into klaxon as SNS would deliver it. <b>ALARM</b> opens an incident thread, <b>OK</b> resolves it.</p>
    <ul class="alarm-list" id="alarms" data-testid="alarm-list"></ul>
    <div class="status" id="alarm-status" data-testid="alarm-status" role="status"></div>
    <h2>About</h2>
    <p class="hint">Nothing here leaves your machine: klaxon talks to a local Slack emulator exactly as it would talk to Slack. Set <code>SLACK_BOT_TOKEN</code> and <code>SLACK_SIGNING_SECRET</code> to use a real workspace.</p>
  </aside>
</div>
<script type="application/json" id="playground-config">${scriptSafeJson(config)}</script>
<script type="module" src="/playground/app.js"></script>
</body>
</html>
`;
}
