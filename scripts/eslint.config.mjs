// Code n8n never loads: see ../eslint.tooling.mjs.
export { default } from '../eslint.tooling.mjs';
