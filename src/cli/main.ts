#!/usr/bin/env node
import { ilotProgram } from './program.js';

await ilotProgram().parseAsync(process.argv);
