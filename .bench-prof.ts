import crypto from 'node:crypto';
import { generateDemoData } from './src/seed/generator.ts';
import { prepareSeedBatch } from './src/seed/prepare.ts';
import { PiiVault } from './src/shared/pii.ts';
const vault = new PiiVault(crypto.randomBytes(32));
const t = performance.now();
let i = 0;
for (const b of generateDemoData({ subjects: 100000, seed: 1 })) prepareSeedBatch(vault, b, i++);
console.log((performance.now() - t).toFixed(0), 'ms');
