import type { JsonObject } from "./emulator-types.js";

/**
 * One user interaction to simulate, addressed by `action_id` (and `block_id` when ids repeat). Buttons may
 * override `value`; checkboxes take the full ticked selection as `selected_values` (Slack sends the whole
 * selection, not a delta); selects and overflow menus take `selected_option_value`.
 */
export interface BlockActionInput {
  readonly action_id: string;
  readonly block_id?: string;
  readonly value?: string;
  readonly selected_values?: readonly string[];
  readonly selected_option_value?: string;
}

interface FoundElement {
  readonly blockId: string;
  readonly element: JsonObject;
}

const STATEFUL = new Set(["checkboxes", "static_select", "radio_buttons"]);

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every interactive element of a message with the block it sits in. */
export function interactiveElements(blocks: readonly JsonObject[]): FoundElement[] {
  const found: FoundElement[] = [];
  for (const block of blocks) {
    const blockId = typeof block.block_id === "string" ? block.block_id : "";
    const candidates = [
      ...(Array.isArray(block.elements) ? block.elements : []),
      block.accessory,
      block.element,
    ];
    for (const element of candidates) {
      if (isObject(element) && typeof element.action_id === "string") found.push({ blockId, element });
    }
  }
  return found;
}

function optionsOf(element: JsonObject): JsonObject[] {
  return Array.isArray(element.options) ? element.options.filter(isObject) : [];
}

function stateValue(element: JsonObject): JsonObject {
  const type = String(element.type);
  if (type === "checkboxes") {
    return { type, selected_options: Array.isArray(element.initial_options) ? element.initial_options : [] };
  }
  return { type, selected_option: isObject(element.initial_option) ? element.initial_option : null };
}

/** Builds the action object Slack would send for `input`, filling type, text and options from the element. */
function toAction(found: FoundElement, input: BlockActionInput, actionTs: string): JsonObject {
  const { element, blockId } = found;
  const base: JsonObject = { type: element.type, block_id: blockId, action_id: input.action_id };
  switch (element.type) {
    case "button": {
      const value = input.value ?? element.value;
      return { ...base, text: element.text, ...(value === undefined ? {} : { value }), action_ts: actionTs };
    }
    case "checkboxes": {
      const wanted = new Set(input.selected_values ?? []);
      const selected = optionsOf(element).filter((o) => wanted.has(String(o.value)));
      return { ...base, selected_options: selected, action_ts: actionTs };
    }
    default: {
      const option = optionsOf(element).find((o) => o.value === input.selected_option_value) ?? null;
      return { ...base, selected_option: option, action_ts: actionTs };
    }
  }
}

/** The `actions` and `state.values` of a block_actions payload. */
export interface BuiltActions {
  readonly actions: JsonObject[];
  readonly stateValues: Record<string, Record<string, JsonObject>>;
}

/**
 * Resolves the inputs against the message's blocks and computes `state.values` for every stateful element:
 * the remembered selection (from earlier interactions, in `selections`), else the element's initial options,
 * then this interaction's changes, which are remembered for the next one. Throws when an input names no
 * element of the message, since Slack could never send such an action.
 */
export function buildActions(
  blocks: readonly JsonObject[],
  inputs: readonly BlockActionInput[],
  selections: Map<string, JsonObject>,
  keyPrefix: string,
  actionTs: string,
): BuiltActions {
  const elements = interactiveElements(blocks);
  const actions = inputs.map((input) => {
    const found = elements.find(
      (e) =>
        e.element.action_id === input.action_id &&
        (input.block_id === undefined || e.blockId === input.block_id),
    );
    if (found === undefined) {
      throw new Error(`sendBlockAction: the message has no element with action_id "${input.action_id}"`);
    }
    const action = toAction(found, input, actionTs);
    if (STATEFUL.has(String(found.element.type))) {
      const { block_id: _b, action_id: _a, action_ts: _t, text: _x, ...value } = action;
      selections.set(`${keyPrefix}/${found.blockId}/${input.action_id}`, value);
    }
    return action;
  });
  const stateValues: Record<string, Record<string, JsonObject>> = {};
  for (const { blockId, element } of elements) {
    if (!STATEFUL.has(String(element.type))) continue;
    const actionId = String(element.action_id);
    const value = selections.get(`${keyPrefix}/${blockId}/${actionId}`) ?? stateValue(element);
    stateValues[blockId] = { ...(stateValues[blockId] ?? {}), [actionId]: value };
  }
  return { actions, stateValues };
}
