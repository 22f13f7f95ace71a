#!/usr/bin/env node
import { createRequire as __bcRequire } from 'node:module'; const require = __bcRequire(import.meta.url);
async function i(n,t,a){let r=new Array(n.length),e=0,l=async()=>{for(;e<n.length;){let o=e++;r[o]=await a(n[o])}};return await Promise.all(Array.from({length:Math.min(t,n.length)},l)),r}export{i as a};
//# sourceMappingURL=chunk-DTG7ZTNR.js.map
