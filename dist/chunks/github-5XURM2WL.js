#!/usr/bin/env node
import { createRequire as __bcRequire } from 'node:module'; const require = __bcRequire(import.meta.url);
import{a as b,b as c,c as d,d as e,e as f,f as g,g as h}from"./chunk-M45ATFGK.js";import{a}from"./chunk-DTG7ZTNR.js";import"./chunk-WWXUTSCF.js";import"./chunk-QCUHQ6TP.js";import"./chunk-RJN2V5CU.js";import"./chunk-5M47XABT.js";export{g as GitHubSource,d as MAX_COMPARE_FILES,c as MAX_PULL_COMMITS,b as MAX_PULL_FILES,e as PAGE_CONCURRENCY,h as TreeLister,a as mapPool,f as toChangedFile};
//# sourceMappingURL=github-5XURM2WL.js.map
