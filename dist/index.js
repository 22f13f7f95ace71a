import { createRequire as __bcRequire } from 'node:module'; const require = __bcRequire(import.meta.url);
import{x as o}from"./chunks/chunk-KHJD2THA.js";o();
//# sourceMappingURL=index.js.map
