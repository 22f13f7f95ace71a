#!/usr/bin/env node
import { createRequire as __bcRequire } from 'node:module'; const require = __bcRequire(import.meta.url);
var s=/[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/,c=new RegExp(`[\\x00-\\x1f\\x7f\\u2028\\u2029]|${s.source}`,"g");function a(r){return r.replace(c,t=>t===`
`?"\\n":t==="	"?"\\t":t==="\r"?"\\r":`\\u${t.charCodeAt(0).toString(16).padStart(4,"0")}`)}function f(r){return a(r).replace(/[\\`*_[\]<>&|~!$]/g,"\\$&").replace(/[@#]/g,"$&\u200B")}function g(r,t={}){let e=a(r);t.table!==!1&&(e=e.replace(/\|/g,"\\|"));let o=Math.max(0,...(e.match(/`+/g)??[]).map(i=>i.length)),n="`".repeat(o+1),u=/^[` ]|[` ]$/.test(e)&&e.trim()!==""?" ":"";return`${n}${u}${e}${u}${n}`}export{a,f as b,g as c};
//# sourceMappingURL=chunk-23GWX5HN.js.map
