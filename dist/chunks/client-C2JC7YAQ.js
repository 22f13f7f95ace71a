#!/usr/bin/env node
import { createRequire as __bcRequire } from 'node:module'; const require = __bcRequire(import.meta.url);
import{a,b,c,d,e,f,g,h,i,j}from"./chunk-IUNVHL5W.js";import"./chunk-RJN2V5CU.js";import"./chunk-5M47XABT.js";export{g as ApiError,d as MAX_PAGES,a as MAX_REQUESTS_PER_RUN,c as MAX_RESPONSE_BYTES,b as MAX_TREE_BYTES,i as createClient,f as isNotFound,j as pageGuard,h as routeOf,e as statusOf};
//# sourceMappingURL=client-C2JC7YAQ.js.map
