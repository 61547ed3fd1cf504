#!/usr/bin/env node
// Stand-alone credit report verifier (see src/cli/verify.ts): runs the TypeScript source through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/verify.ts');
