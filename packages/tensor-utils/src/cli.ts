#!/usr/bin/env node
import { initBackend } from './index.js';

const choice = await initBackend();
console.log(JSON.stringify(choice, null, 2));
