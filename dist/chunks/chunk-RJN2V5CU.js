#!/usr/bin/env node
import { createRequire as __bcRequire } from 'node:module'; const require = __bcRequire(import.meta.url);
var t=class extends Error{name="InputError"},o=class extends t{constructor(r,s,a,i,u){super(`${r}:${s}:${a}: ${i?`${i}: `:""}${l(u)}`);this.file=r;this.line=s;this.column=a;this.keyPath=i;this.detail=u}file;line;column;keyPath;detail;name="ConfigError"};function l(n){return n.replace(/[\r\n\u2028\u2029]/g,e=>e===`
`?"\\n":e==="\r"?"\\r":`\\u${e.charCodeAt(0).toString(16)}`)}function g(n,e={}){let r=n instanceof Error?n.message||n.name:typeof n=="string"?n:(()=>{try{return JSON.stringify(n)??String(n)}catch{return String(n)}})();return(e.firstOnly?r.split(/[\r\n\u2028\u2029]/,1):[r])[0].replace(/\s*[\r\n\u2028\u2029]+\s*/g," ").trim()||"unknown error"}export{t as a,o as b,g as c};
//# sourceMappingURL=chunk-RJN2V5CU.js.map
