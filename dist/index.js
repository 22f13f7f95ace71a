import { createRequire as __bcRequire } from 'node:module'; const require = __bcRequire(import.meta.url);
import{w as o}from"./chunks/chunk-FMDYSFRC.js";o();
//# sourceMappingURL=index.js.map
