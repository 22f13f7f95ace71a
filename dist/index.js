import { createRequire as __bcRequire } from 'node:module'; const require = __bcRequire(import.meta.url);
import{s as o}from"./chunks/chunk-XYMISQ3W.js";o();
//# sourceMappingURL=index.js.map
