/** The playground page's stylesheet, served as `/playground/app.css`: a clean, Slack-like three-column layout. */
export const PAGE_STYLE = `
:root {
  --aubergine: #3f0e40; --aubergine-dark: #350d36; --sidebar-text: #cfc3cf; --active: #1164a3;
  --text: #1d1c1d; --muted: #616061; --line: #e8e8e8; --hover: #f8f8f8; --link: #1264a3;
  --green: #007a5a; --red: #e01e5a; --mention-bg: #e8f5fa; --mention: #1264a3; --broadcast-bg: #fef4d8;
  font-size: 15px; color: var(--text);
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
.app { display: grid; grid-template-columns: 240px minmax(0, 1fr) 300px; height: 100vh; }
code { font-family: Menlo, Monaco, Consolas, "Courier New", monospace; }

.sidebar { background: var(--aubergine); color: var(--sidebar-text); overflow-y: auto; }
.workspace { padding: 14px 16px; border-bottom: 1px solid #5a2b5b; }
.ws-name { color: #fff; font-weight: 800; font-size: 17px; }
.live { font-size: 12px; margin-top: 4px; }
.live.on { color: #2bac76; }
.live.off { color: #e8a723; }
.sidebar-section { padding: 16px 16px 6px; font-size: 13px; font-weight: 600; }
.channel-list { list-style: none; margin: 0; padding: 0 8px; }
.channel-item { display: flex; align-items: center; gap: 6px; padding: 4px 10px; border-radius: 6px; cursor: pointer; }
.channel-item:hover { background: var(--aubergine-dark); }
.channel-item.active { background: var(--active); color: #fff; }
.channel-item.unread .cname { color: #fff; font-weight: 800; }
.channel-item .hash { opacity: 0.7; }
.channel-item .badge { margin-left: auto; background: var(--red); color: #fff; border-radius: 9px; padding: 0 7px; font-size: 12px; font-weight: 700; }
.sidebar-empty { padding: 0 16px; font-size: 13px; line-height: 1.4; }

.main { display: flex; flex-direction: column; min-height: 0; border-right: 1px solid var(--line); }
.channel-header { padding: 12px 20px; border-bottom: 1px solid var(--line); display: flex; align-items: baseline; gap: 12px; }
.channel-header h1 { font-size: 18px; margin: 0; font-weight: 800; }
.channel-sub { color: var(--muted); font-size: 13px; }
.messages { flex: 1; overflow-y: auto; padding: 8px 0 16px; }
.empty { color: var(--muted); padding: 40px 20px; text-align: center; }

.msg { display: flex; gap: 10px; padding: 8px 20px; }
.msg:hover { background: var(--hover); }
.msg.reply { padding: 6px 0; }
.msg.reply:hover { background: transparent; }
.avatar { flex: none; width: 36px; height: 36px; border-radius: 6px; background: #9e9ea6; color: #fff; display: flex; align-items: center; justify-content: center; font-weight: 800; }
.avatar.bot { background: linear-gradient(135deg, #e01e5a, #ecb22e); }
.msg-body { flex: 1; min-width: 0; line-height: 1.46; }
.msg-head { display: flex; align-items: baseline; gap: 6px; }
.author { font-weight: 800; }
.app-badge { background: #e8e8e8; color: var(--muted); font-size: 10px; font-weight: 700; padding: 1px 3px; border-radius: 2px; }
.time, .edited { color: var(--muted); font-size: 12px; }
.msg.ephemeral { background: #f4f8fb; }
.ephemeral-note { color: var(--muted); font-size: 12px; display: flex; gap: 8px; }
.link-btn { background: none; border: 0; color: var(--link); cursor: pointer; padding: 0; font-size: 12px; }
.thread-toggle { margin-top: 4px; background: none; border: 1px solid transparent; border-radius: 6px; color: var(--link); font-weight: 700; font-size: 13px; cursor: pointer; padding: 2px 6px; margin-left: -6px; }
.thread-toggle:hover { border-color: var(--line); background: #fff; }
.thread { border-left: 3px solid var(--line); padding-left: 12px; margin-top: 6px; }

.mrkdwn { white-space: pre-wrap; word-wrap: break-word; }
.mk-code { background: #f6f6f6; border: 1px solid #ddd; border-radius: 3px; color: #c01343; font-size: 12px; padding: 1px 3px; }
.mk-pre { background: #f8f8f8; border: 1px solid #ddd; border-radius: 4px; padding: 8px; font-size: 12px; white-space: pre-wrap; margin: 4px 0; font-family: Menlo, Monaco, Consolas, monospace; }
.mk-quote { border-left: 4px solid #ddd; margin: 4px 0; padding-left: 10px; }
.mk-date { border-bottom: 1px dotted var(--muted); }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
.pill { border-radius: 3px; padding: 0 2px; font-weight: 500; }
.pill-user, .pill-channel, .pill-usergroup { background: var(--mention-bg); color: var(--mention); }
.pill-broadcast { background: var(--broadcast-bg); color: #8a5a00; font-weight: 700; }

.blocks > * { margin: 4px 0; }
.bk-header { font-size: 18px; font-weight: 800; margin-top: 2px; }
.bk-section { display: flex; gap: 12px; align-items: flex-start; }
.bk-section-main { flex: 1; min-width: 0; }
.bk-section-text { white-space: pre-wrap; }
.bk-fields { display: grid; grid-template-columns: 1fr 1fr; gap: 6px 16px; margin-top: 4px; }
.bk-field { white-space: pre-wrap; word-wrap: break-word; min-width: 0; }
.bk-context { color: var(--muted); font-size: 12px; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.bk-context-image { width: 16px; height: 16px; border-radius: 3px; }
.bk-divider { border: 0; border-top: 1px solid var(--line); margin: 8px 0; }
.bk-actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start; margin: 8px 0; }
.bk-btn { border: 1px solid #bbb; background: #fff; color: var(--text); border-radius: 4px; padding: 4px 12px; font-weight: 700; font-size: 13px; cursor: pointer; min-height: 30px; }
.bk-btn:hover { background: #f8f8f8; }
.bk-btn.primary { background: var(--green); border-color: var(--green); color: #fff; }
.bk-btn.danger { background: #fff; border-color: var(--red); color: var(--red); }
.bk-btn:disabled { opacity: 0.55; cursor: default; }
.bk-btn[data-url]::after { content: " ↗"; font-weight: 400; }
.bk-choices { display: flex; flex-direction: column; gap: 4px; }
.bk-option { display: flex; gap: 8px; align-items: flex-start; cursor: pointer; }
.bk-option input { margin-top: 4px; }
.bk-option-desc { display: block; color: var(--muted); font-size: 12px; }
.bk-select { border: 1px solid #bbb; border-radius: 4px; padding: 4px 8px; font-size: 13px; background: #fff; }
.bk-accessory-image { width: 88px; height: 88px; object-fit: cover; border-radius: 6px; }
.bk-image { margin: 6px 0; }
.bk-image-img { max-width: 360px; max-height: 360px; border-radius: 6px; border: 1px solid var(--line); }
.bk-image figcaption { color: var(--muted); font-size: 13px; margin-bottom: 4px; }
.bk-muted, .bk-unsupported { color: var(--muted); font-size: 12px; }
.rt-list { margin: 2px 0; padding-left: 22px; }
.attachment { border-left: 4px solid #ddd; padding: 2px 10px; margin: 6px 0; }
.att-title { font-weight: 700; }
.file-card { display: inline-flex; gap: 10px; align-items: center; border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; margin: 4px 8px 0 0; }
.file-icon { font-size: 22px; }
.file-thumb { max-width: 240px; max-height: 160px; border-radius: 4px; }

.composer { border-top: 1px solid var(--line); padding: 10px 20px 12px; }
.composer-row { display: flex; gap: 8px; border: 1px solid #bbb; border-radius: 8px; padding: 6px; }
.composer-row:focus-within { border-color: #868686; box-shadow: 0 0 0 1px #868686; }
#command-channel { border: 0; background: #f4f4f4; border-radius: 4px; font-size: 13px; padding: 0 4px; }
#command-input { flex: 1; border: 0; outline: 0; font-size: 15px; font-family: Menlo, Monaco, Consolas, monospace; }
.send { background: var(--green); color: #fff; border: 0; border-radius: 4px; padding: 4px 14px; font-weight: 700; cursor: pointer; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.chip { border: 1px solid var(--line); background: #f8f8f8; border-radius: 12px; padding: 2px 10px; font-size: 12px; font-family: Menlo, Monaco, Consolas, monospace; cursor: pointer; color: var(--text); }
.chip:hover { border-color: #bbb; background: #fff; }
.status { font-size: 12px; min-height: 16px; margin-top: 6px; color: var(--muted); word-wrap: break-word; }
.status.ok { color: var(--green); }
.status.error { color: var(--red); }

.panel { padding: 14px 16px; overflow-y: auto; background: #fbfbfb; }
.panel h2 { font-size: 15px; margin: 6px 0 6px; }
.hint { color: var(--muted); font-size: 13px; line-height: 1.4; }
.alarm-list { list-style: none; padding: 0; margin: 0; }
.alarm-row { border: 1px solid var(--line); background: #fff; border-radius: 8px; padding: 8px 10px; margin-bottom: 8px; }
.alarm-name { font-weight: 700; font-size: 13px; margin-bottom: 6px; word-break: break-all; }
.alarm-buttons { display: flex; gap: 6px; }
@media (max-width: 1000px) { .app { grid-template-columns: 200px minmax(0, 1fr); } .panel { grid-column: 1 / -1; } }
`;
