#!/usr/bin/env node
import { createRequire as __bcRequire } from 'node:module'; const require = __bcRequire(import.meta.url);
import{g as n}from"./chunks/chunk-QVLOOAKZ.js";var o=new Set,r=null;for(let e of[process.stdout,process.stderr])e.on("error",s=>{o.add(e),s.code!=="EPIPE"&&e===process.stdout&&(r??=s.code??s.message)});function t(e,s){if(!(o.has(e)||e.destroyed))try{e.write(s)}catch{o.add(e)}}var c=!1;function i(e){process.exitCode=r===null?e:Math.max(e,2),r!==null&&!c&&(c=!0,t(process.stderr,`bump-classifier: cannot write the output: ${r}
`))}var u=process.argv.slice(2),d=n(u);(d!==null?Promise.resolve(t(process.stdout,d)).then(()=>0):import("./chunks/cli-M7V2YBQ3.js").then(({main:e})=>e(u,{stdout:s=>t(process.stdout,s),stderr:s=>t(process.stderr,s),cwd:process.cwd(),env:process.env}))).then(e=>{i(e),process.once("beforeExit",()=>i(e))},e=>{t(process.stderr,`bump-classifier: internal error: ${String(e)}
`),process.exitCode=3});
//# sourceMappingURL=cli.js.map
