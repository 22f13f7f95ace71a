#!/usr/bin/env node
import { createRequire as __bcRequire } from 'node:module'; const require = __bcRequire(import.meta.url);
import{a,b,c,d,e,f,g,h,i,j,k}from"./chunk-QCUHQ6TP.js";import"./chunk-RJN2V5CU.js";import"./chunk-5M47XABT.js";export{g as ApiError,d as MAX_PAGES,i as MAX_REQUESTS_IN_FLIGHT,a as MAX_REQUESTS_PER_RUN,c as MAX_RESPONSE_BYTES,b as MAX_TREE_BYTES,j as createClient,f as isNotFound,k as pageGuard,h as routeOf,e as statusOf};
//# sourceMappingURL=client-EE2SLBJA.js.map
