// The shapes the playground page reads, for the type checker only (nothing here reaches the browser). Slack
// content is whatever the bot sent, so every Block Kit field is optional and the renderers check it at run time.

/** The inert JSON config the page is served with (`PageConfig` in `page-html.ts`). */
export interface PageConfig {
  readonly sampleNames?: readonly string[];
  readonly exampleCommands?: readonly string[];
  readonly userId?: string;
  readonly botUserId?: string;
}

/** A composition object: `plain_text` or `mrkdwn`. */
export interface TextObject {
  readonly type?: string;
  readonly text?: string;
  readonly emoji?: boolean;
}

/** An option of checkboxes, radio buttons, a select or an overflow menu. */
export interface OptionObject {
  readonly text?: TextObject;
  readonly value: string;
  readonly description?: TextObject;
}

/** A block element: button, checkboxes, radio buttons, select, overflow or image. */
export interface KitElement {
  readonly type?: string;
  readonly action_id?: string;
  readonly style?: string;
  readonly url?: string;
  readonly text?: TextObject;
  readonly confirm?: {
    readonly title?: TextObject;
    readonly text?: TextObject;
    readonly confirm?: TextObject;
  };
  readonly options?: readonly OptionObject[];
  readonly option_groups?: readonly { readonly options?: readonly OptionObject[] }[];
  readonly initial_options?: readonly OptionObject[];
  readonly initial_option?: OptionObject;
  readonly placeholder?: TextObject;
  readonly image_url?: string;
  readonly alt_text?: string;
}

/** A context block's element: a text object or an image. */
export type ContextElement = TextObject & Pick<KitElement, "image_url" | "alt_text">;

/** An element of a `rich_text` block at any depth: a section's leaf, or a list's section. */
export interface RichElement {
  readonly type?: string;
  readonly text?: string;
  readonly url?: string;
  readonly user_id?: string;
  readonly channel_id?: string;
  readonly usergroup_id?: string;
  readonly range?: string;
  readonly unicode?: string;
  readonly name?: string;
  readonly timestamp?: number;
  readonly format?: string;
  readonly fallback?: string;
  readonly style?: {
    readonly bold?: boolean;
    readonly italic?: boolean;
    readonly strike?: boolean;
    readonly code?: boolean;
  };
  readonly elements?: readonly RichElement[];
}

/** A part of a `rich_text` block: section, preformatted, quote or list (`style` "ordered" or "bullet"). */
export interface RichPart {
  readonly type?: string;
  readonly style?: string;
  readonly elements?: readonly RichElement[];
}

/** A layout block; `elements` depends on the type (context, actions or rich_text). */
export interface Block {
  readonly type?: string;
  readonly block_id?: string;
  readonly text?: TextObject;
  readonly fields?: readonly TextObject[];
  readonly accessory?: KitElement;
  readonly elements?: readonly unknown[];
  readonly title?: TextObject;
  readonly label?: TextObject;
  readonly element?: KitElement;
  readonly image_url?: string;
  readonly alt_text?: string;
}

/** A legacy attachment. */
export interface Attachment {
  readonly pretext?: string;
  readonly title?: string;
  readonly title_link?: string;
  readonly text?: string;
  readonly fields?: readonly { readonly title?: string; readonly value?: string }[];
  readonly blocks?: readonly Block[];
  readonly footer?: string;
  readonly color?: string;
}

/** A file on a message, with the same-origin address of its bytes. */
export interface FileView {
  readonly name?: string;
  readonly title?: string;
  readonly mimetype?: string;
  readonly size?: number;
  readonly playground_url?: string;
}

/** What a message and an ephemeral message share: the content the page renders. */
export interface MessageContent {
  readonly ts: string;
  readonly channel: string;
  readonly text?: string;
  readonly blocks?: readonly Block[];
  readonly attachments?: readonly Attachment[];
  readonly files?: readonly FileView[];
  readonly thread_ts?: string;
}

/** A message or thread reply (`MessageView` in `playground-state.ts`). */
export interface MessageView extends MessageContent {
  readonly user?: string;
  readonly bot_id?: string;
  readonly edited?: { readonly user: string; readonly ts: string };
  readonly selections?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  readonly replies?: readonly MessageView[];
}

/** A top-level message with its replies. */
export interface TopLevelView extends MessageView {
  readonly replies: readonly MessageView[];
}

/** One channel as the page's user sees it. */
export interface ChannelView {
  readonly id: string;
  readonly name: string;
  readonly messages: readonly TopLevelView[];
  readonly ephemerals: readonly MessageContent[];
}

/** The `GET /playground/state` answer. */
export interface PlaygroundState {
  readonly userId: string;
  readonly botUserId: string;
  readonly channels: readonly ChannelView[];
}

/** The page's own memory between renders. */
export interface View {
  state: PlaygroundState | null;
  selected: string | null;
  pendingChannel: string | null;
  follow: { readonly until: number; readonly totals: Readonly<Record<string, number>> } | null;
  openThreads: Record<string, boolean>;
  seen: Record<string, number>;
  dismissed: Record<string, boolean>;
  fetching: boolean;
  again: boolean;
}

/** The parsed mrkdwn tree `parseMrkdwn` returns; the renderers turn it into text nodes. */
export type MrkdwnNode =
  | { readonly t: "text" | "code" | "pre" | "broadcast"; readonly v: string }
  | { readonly t: "br" }
  | { readonly t: "b" | "i" | "s" | "quote"; readonly c: MrkdwnNode[] }
  | { readonly t: "link"; readonly url: string; readonly label: string }
  | { readonly t: "user" | "channel" | "usergroup"; readonly id: string; readonly label: string }
  | {
      readonly t: "date";
      readonly epoch: number;
      readonly format: string;
      readonly link: string;
      readonly fallback: string;
    };

/** What a click or a choice on a block element posts to `/playground/action`. */
export interface ActionRequest {
  readonly kind: "button" | "checkboxes" | "select";
  readonly actionId: string | undefined;
  readonly blockId?: string | undefined;
  readonly selectedValues?: readonly string[];
  readonly selectedOptionValue?: string;
}

/** A control that is disabled while its action is posted. */
export type ActionControl = HTMLButtonElement | HTMLInputElement | HTMLSelectElement;

/** How the block renderers look up names and selections and report actions, per message. */
export interface RenderContext {
  readonly userName: (id: string | undefined) => string;
  readonly interactive: boolean;
  readonly disabledReason: string;
  readonly selection: (blockId: string, actionId: string | undefined) => readonly string[] | null;
  readonly onAction: (request: ActionRequest, control: ActionControl) => void;
}

/** A POST answer from the playground server, or the page's stand-in when it is unreachable. */
export interface PostResult {
  readonly status: number;
  readonly data: { readonly ok: boolean; readonly detail: string };
}
