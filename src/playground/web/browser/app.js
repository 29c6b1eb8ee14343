// @ts-check
// The playground page's entry point, loaded as a module by `page-html.ts`: no globals, nothing inline (the page's
// CSP allows scripts from its own origin only).
import { start } from "./page-controls.js";

start();
