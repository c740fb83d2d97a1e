#!/usr/bin/env node
// The package's command: runs the compiled CLI (built by `npm run build`, or `npm start`).
import '../dist/cli/main.js';
