// Zod compiles a fast parser with `new Function` for each object schema, and decides whether to when the schema
// is built, not when it parses. Under the renderer's CSP that is an eval violation (an EvalError thrown inside
// an event listener, the first time an event of that kind arrives). This module turns it off, and is imported
// before anything that builds a schema: ES modules run in import order, and the contract's schemas are built
// when common/ipc is first evaluated.
import { z } from 'zod';

z.config({ jitless: true });
