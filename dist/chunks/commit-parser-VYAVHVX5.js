#!/usr/bin/env node
import { createRequire as __bcRequire } from 'node:module'; const require = __bcRequire(import.meta.url);
import{b as v,d as I}from"./chunk-5M47XABT.js";var D=v((it,W)=>{"use strict";W.exports=function(t){return Array.isArray(t)?t:[t]}});var q=v((nt,Y)=>{"use strict";Y.exports=t=>{let e=typeof t;return t!==null&&(e==="object"||e==="function")}});var j=v((at,V)=>{"use strict";var m=q(),$e=["__proto__","prototype","constructor"],Le=t=>!t.some(e=>$e.includes(e));function S(t){let e=t.split("."),r=[];for(let s=0;s<e.length;s++){let o=e[s];for(;o[o.length-1]==="\\"&&e[s+1]!==void 0;)o=o.slice(0,-1)+".",o+=e[++s];r.push(o)}return Le(r)?r:[]}V.exports={get(t,e,r){if(!m(t)||typeof e!="string")return r===void 0?t:r;let s=S(e);if(s.length!==0){for(let o=0;o<s.length;o++){if(!Object.prototype.propertyIsEnumerable.call(t,s[o]))return r;if(t=t[s[o]],t==null){if(o!==s.length-1)return r;break}}return t}},set(t,e,r){if(!m(t)||typeof e!="string")return t;let s=t,o=S(e);for(let n=0;n<o.length;n++){let i=o[n];m(t[i])||(t[i]={}),n===o.length-1&&(t[i]=r),t=t[i]}return s},delete(t,e){if(!m(t)||typeof e!="string")return!1;let r=S(e);for(let s=0;s<r.length;s++){let o=r[s];if(s===r.length-1)return delete t[o],!0;if(t=t[o],!m(t))return!1}},has(t,e){if(!m(t)||typeof e!="string")return!1;let r=S(e);if(r.length===0)return!1;for(let s=0;s<r.length;s++)if(m(t)){if(!(r[s]in t))return!1;t=t[r[s]]}else return!1;return!0}}});var G=v((ft,J)=>{"use strict";var Te=D(),Z=j().get;function Ge(t){return function(e,r){var s=0;return Te(t).some(function(o){var n,i;if(typeof o=="function"?(n=o(e),i=o(r)):typeof o=="string"?(n=Z(e,o),i=Z(r,o)):(n=e,i=r),n===i){s=0;return}return typeof n=="string"&&typeof i=="string"?(s=n.localeCompare(i),s!==0):(s=n<i?-1:1,!0)}),s}}J.exports=Ge});var N=/(?!.*)/;function Ce(t){return t.replace(/[.*+?^${}()|[\]\\]/g,"\\$&")}function L(t){return t.map(e=>typeof e=="string"?Ce(e.trim()):e.source).filter(Boolean).join("|")}function Pe(t,e){if(!t)return N;let r=L(t);return e?e(r):new RegExp(`^[\\s|*]*(${r})[:\\s]+(.*)`,"i")}function ve(t,e){if(!t)return N;let r=e?"g":"gi";return new RegExp(`(?:.*?)??\\s*([\\w-\\.\\/]*?)??(${L(t)})([\\w-]+)(?=\\s|$|[,;)\\]])`,r)}function Re(t){if(!t)return/()(.+)/gi;let e=L(t);return new RegExp(`(${e})(?:\\s+(.*?))(?=(?:${e})|$)`,"gi")}function O(t={}){let e=Pe(t.noteKeywords,t.notesPattern),r=ve(t.issuePrefixes,t.issuePrefixesCaseSensitive),s=Re(t.referenceActions);return{notes:e,referenceParts:r,references:s,mentions:/@([\w-]+)/g,url:/\b(?:https?):\/\/(?:www\.)?([-a-zA-Z0-9@:%_+.~#?&//=])+\b/}}var Ae="------------------------ >8 ------------------------";function x(t){let e=t.match(/[^\r\n]/);if(typeof e?.index!="number")return"";let r=e.index,s=t.length-1;for(;t[s]==="\r"||t[s]===`
`;)s--;return t.substring(r,s+1)}function h(t,e){return t?`${t}
${e||""}`:e||""}function k(t){return t?e=>!e.startsWith(t):()=>!0}function U(t,e){let r=t.indexOf(`${e} ${Ae}`);return r===-1?t:t.slice(0,r)}function T(t){return!t.match(/^\s*gpg:/)}function R(t,e,r){let{groups:s}=e;for(let o=0,n=r.length,i;o<n;o++)i=r[o],t[i]=(s?s[i]:e[o+1])||null;return t}var M={noteKeywords:["BREAKING CHANGE","BREAKING-CHANGE"],issuePrefixes:["#"],referenceActions:["close","closes","closed","fix","fixes","fixed","resolve","resolves","resolved"],headerPattern:/^(\w*)(?:\(([\w$@.\-*/ ]*)\))?: (.*)$/,headerCorrespondence:["type","scope","subject"],revertPattern:/^Revert\s"([\s\S]*)"\s*This reverts commit (\w*)\.?/,revertCorrespondence:["header","hash"],fieldPattern:/^-(.*?)-$/};function K(t={}){return{merge:null,revert:null,header:null,body:null,footer:null,notes:[],mentions:[],references:[],...t}}var A=class{options;regexes;lines=[];lineIndex=0;commit=K();constructor(e={}){this.options={...M,...e},this.regexes=O(this.options)}currentLine(){return this.lines[this.lineIndex]}nextLine(){return this.lines[this.lineIndex++]}isLineAvailable(){return this.lineIndex<this.lines.length}parseReference(e,r){let{regexes:s}=this;if(s.url.test(e))return null;let o=s.referenceParts.exec(e);if(!o)return null;let[n,i=null,f,a]=o,l=null;if(i){let c=i.indexOf("/");c!==-1&&(l=i.slice(0,c),i=i.slice(c+1))}return{raw:n,action:r,owner:l,repository:i,prefix:f,issue:a}}parseReferences(e){let{regexes:r}=this,s=e.match(r.references)?r.references:/()(.+)/gi,o=[],n,i,f,a;for(;n=s.exec(e),!!n;)for(i=n[1]||null,f=n[2]||"";a=this.parseReference(f,i),!!a;)o.push(a);return o}skipEmptyLines(){let e=this.currentLine();for(;e!==void 0&&!e.trim();)this.nextLine(),e=this.currentLine()}parseMerge(){let{commit:e,options:r}=this,s=r.mergeCorrespondence||[],o=this.currentLine(),n=o&&r.mergePattern?o.match(r.mergePattern):null;return n?(this.nextLine(),e.merge=n[0]||null,R(e,n,s),!0):!1}parseHeader(e){e&&this.skipEmptyLines();let{commit:r,options:s}=this,o=s.headerCorrespondence||[],n=r.header??this.nextLine(),i=null;n&&(s.breakingHeaderPattern&&(i=n.match(s.breakingHeaderPattern)),!i&&s.headerPattern&&(i=n.match(s.headerPattern))),n&&(r.header=n),i&&R(r,i,o)}parseMeta(){let{options:e,commit:r}=this;if(!e.fieldPattern||!this.isLineAvailable())return!1;let s,o=null,n=!1;for(;this.isLineAvailable();){if(s=this.currentLine().match(e.fieldPattern),s){o=s[1]||null,this.nextLine();continue}if(o)n=!0,r[o]=h(r[o],this.currentLine()),this.nextLine();else break}return n}parseNotes(){let{regexes:e,commit:r}=this;if(!this.isLineAvailable())return!1;let s=this.currentLine().match(e.notes),o=[];if(s){let n={title:s[1],text:s[2]};for(r.notes.push(n),r.footer=h(r.footer,this.currentLine()),this.nextLine();this.isLineAvailable();){if(this.parseMeta()||this.parseNotes())return!0;if(o=this.parseReferences(this.currentLine()),o.length?r.references.push(...o):n.text=h(n.text,this.currentLine()),r.footer=h(r.footer,this.currentLine()),this.nextLine(),o.length)break}return!0}return!1}parseBodyAndFooter(e){let{commit:r}=this;if(!this.isLineAvailable())return e;let s=this.parseReferences(this.currentLine()),o=!s.length&&e;return o?r.body=h(r.body,this.currentLine()):(r.references.push(...s),r.footer=h(r.footer,this.currentLine())),this.nextLine(),o}parseBreakingHeader(){let{commit:e,options:r}=this;if(!r.breakingHeaderPattern||e.notes.length||!e.header)return;let s=e.header.match(r.breakingHeaderPattern);s&&e.notes.push({title:"BREAKING CHANGE",text:s[3]})}parseMentions(e){let{commit:r,regexes:s}=this,o;for(;o=s.mentions.exec(e),!!o;)r.mentions.push(o[1])}parseRevert(e){let{commit:r,options:s}=this,o=s.revertCorrespondence||[],n=s.revertPattern?e.match(s.revertPattern):null;n&&(r.revert=R({},n,o))}cleanupCommit(){let{commit:e}=this;e.body&&(e.body=x(e.body)),e.footer&&(e.footer=x(e.footer)),e.notes.forEach(s=>{s.text=x(s.text)});let r=new Set;e.references=e.references.filter(s=>{let o=`${s.action} ${s.raw}`.toLocaleLowerCase(),n=!r.has(o);return n&&r.add(o),n})}parse(e){if(!e.trim())throw new TypeError("Expected a raw commit");let{commentChar:r}=this.options,s=k(r),o=x(e).split(/\r?\n/),n=r?U(o,r).filter(l=>s(l)&&T(l)):o.filter(l=>T(l)),i=K();this.lines=n,this.lineIndex=0,this.commit=i;let f=this.parseMerge();this.parseHeader(f),i.header&&(i.references=this.parseReferences(i.header));let a=!0;for(;this.isLineAvailable();)this.parseMeta(),this.parseNotes()&&(a=!1),this.parseBodyAndFooter(a)||(a=!1);return this.parseBreakingHeader(),this.parseMentions(e),this.parseRevert(e),this.cleanupCommit(),i}};function Ee(t,e){let r,s;for(let o in e)if(r=t[o],s=e[o],typeof r=="string"&&(r=r.trim()),typeof s=="string"&&(s=s.trim()),r!==s)return!1;return!0}function _(t,e){if(!e.size)return null;let r=t.raw||t;for(let s of e)if(s.revert&&Ee(r,s.revert))return s;return null}var E=class{hold=new Set;holdRevertsCount=0;*process(e){let{hold:r}=this,s=_(e,r);if(s){r.delete(s),this.holdRevertsCount--;return}if(e.revert){r.add(e),this.holdRevertsCount++;return}this.holdRevertsCount>0?r.add(e):(r.size&&(yield*r,r.clear()),yield e)}*flush(){let{hold:e}=this;e.size&&(yield*e,e.clear())}};function*Se(t){let e=new E;for(let r of t)yield*e.process(r);yield*e.flush()}var w=Object.freeze([{type:"feat",section:"Features"},{type:"feature",section:"Features"},{type:"fix",section:"Bug Fixes"},{type:"perf",section:"Performance Improvements"},{type:"revert",section:"Reverts"},{type:"docs",section:"Documentation",hidden:!0},{type:"style",section:"Styles",hidden:!0},{type:"chore",section:"Miscellaneous Chores",hidden:!0},{type:"refactor",section:"Code Refactoring",hidden:!0},{type:"test",section:"Tests",hidden:!0},{type:"build",section:"Build System",hidden:!0},{type:"ci",section:"Continuous Integration",hidden:!0}].map(Object.freeze));function z(t){return{headerPattern:/^(\w*)(?:\((.*)\))?!?: (.*)$/,breakingHeaderPattern:/^(\w*)(?:\((.*)\))?!: (.*)$/,headerCorrespondence:["type","scope","subject"],noteKeywords:["BREAKING CHANGE","BREAKING-CHANGE"],revertPattern:/^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w*)\./i,revertCorrespondence:["header","hash"],issuePrefixes:t?.issuePrefixes||["#"]}}var re=I(G(),1);function Fe(t,e){if(!t||!e)return!1;let r=t,s=e;return Array.isArray(r)||(r=[r]),Array.isArray(s)||(s=[s]),r.some(o=>s.includes(o))}function $(t={},e){let{scope:r,scopeOnly:s=!1}=t,o=Fe(e.scope?.split(","),r);return!r||s&&o||!s&&(!e.scope||o)}var Q=`{{> header}}
{{#if noteGroups}}
{{#each noteGroups}}

### \u26A0 {{title}}

{{#each notes}}
* {{#if commit.scope}}**{{commit.scope}}:** {{/if}}{{text}}
{{/each}}
{{/each}}
{{/if}}
{{#each commitGroups}}

{{#if title}}
### {{title}}

{{/if}}
{{#each commits}}
{{> commit root=@root}}
{{/each}}
{{/each}}
{{> footer}}
`,X=`## {{#if @root.linkCompare~}}
  [{{version}}]({{compareUrlFormat}})
{{~else}}
  {{~version}}
{{~/if}}
{{~#if title}} "{{title}}"
{{~/if}}
{{~#if date}} ({{date}})
{{/if}}
`,ee=`*{{#if scope}} **{{scope}}:**
{{~/if}} {{#if subject}}
  {{~subject}}
{{~else}}
  {{~header}}
{{~/if}}

{{~!-- commit link --}}{{~#if hash}} {{#if @root.linkReferences~}}
  ([{{shortHash}}]({{commitUrlFormat}}))
{{~else}}
  {{~shortHash}}
{{~/if}}{{~/if}}

{{~!-- commit references --}}
{{~#if references~}}
  , closes
  {{~#each references}} {{#if @root.linkReferences~}}
    [
    {{~#if this.owner}}
      {{~this.owner}}/
    {{~/if}}
    {{~this.repository}}{{this.prefix}}{{this.issue}}]({{issueUrlFormat}})
  {{~else}}
    {{~#if this.owner}}
      {{~this.owner}}/
    {{~/if}}
    {{~this.repository}}{{this.prefix}}{{this.issue}}
  {{~/if}}{{/each}}
{{~/if}}

`;var be=7,te=/release-as:\s*\w*@?([0-9]+\.[0-9]+\.[0-9a-z]+(-[0-9a-z.]+)?)\s*/i,F="{{#if this.owner}}{{~this.owner}}{{else}}{{~@root.owner}}{{/if}}",H="{{~@root.host}}",b="{{#if this.repository}}{{~this.repository}}{{else}}{{~@root.repository}}{{/if}}";function se(t){let e={types:w,issueUrlFormat:"{{host}}/{{owner}}/{{repository}}/issues/{{id}}",commitUrlFormat:"{{host}}/{{owner}}/{{repository}}/commit/{{hash}}",compareUrlFormat:"{{host}}/{{owner}}/{{repository}}/compare/{{previousTag}}...{{currentTag}}",userUrlFormat:"{{host}}/{{user}}",issuePrefixes:["#"],...t},r=C(e.commitUrlFormat,{host:H,owner:F,repository:b}),s=C(e.compareUrlFormat,{host:H,owner:F,repository:b}),o=C(e.issueUrlFormat,{host:H,owner:F,repository:b,id:"{{this.issue}}",prefix:"{{this.prefix}}"}),n=e.types.flatMap(i=>i.section).filter(i=>i);return{mainTemplate:Q,headerPartial:X.replace(/{{compareUrlFormat}}/g,s),commitPartial:ee.replace(/{{commitUrlFormat}}/g,r).replace(/{{issueUrlFormat}}/g,o),footerPartial:"",transform:(i,f)=>{let a=!0,l=[],c=Be(e.types,i);(i.footer&&te.test(i.footer)||i.body&&te.test(i.body))&&(a=!1);let P=i.notes.map(y=>(a=!1,{...y,title:"BREAKING CHANGES"}));if(a&&(c===void 0||c.hidden)||!$(e,i))return;let p=c?c.section:i.type,de=i.scope==="*"||e.scope?"":i.scope,ye=typeof i.hash=="string"?i.hash.substring(0,be):i.shortHash,{subject:d}=i;if(typeof d=="string"){let y=`(${e.issuePrefixes.join("|")})([a-z0-9]+)`,xe=new RegExp(y,"g");d=d.replace(xe,(B,u,g)=>{l.push(u+g);let we=C(e.issueUrlFormat,{host:f.host,owner:f.owner,repository:f.repository,id:g,prefix:u});return`[${u}${g}](${we})`}),d=d.replace(/`[^`]*`|\B@([a-z0-9](?:-?[a-z0-9/]){0,38})/g,(B,u)=>{if(!u)return B;if(u.includes("/"))return`@${u}`;let g=C(e.userUrlFormat,{host:f.host,owner:f.owner,repository:f.repository,user:u});return`[@${u}](${g})`})}let ge=i.references.filter(y=>!l.includes(y.prefix+y.issue));return{notes:P,type:p,scope:de,shortHash:ye,subject:d,references:ge}},groupBy:"type",commitGroupsSort:(i,f)=>{let a=n.indexOf(i.title),l=n.indexOf(f.title);return a-l},commitsSort:["scope","subject"],noteGroupsSort:"title",notesSort:re.default}}function Be(t,e){let r=(e.revert?"revert":e.type||"").toLowerCase();return t.find(s=>!(s.type!==r||s.scope&&s.scope!==e.scope))}function C(t,e){let r=t;return Object.keys(e).forEach(s=>{r=r.replace(new RegExp(`{{${s}}}`,"g"),e[s])}),r}function oe(t={}){let{types:e=w,bumpStrict:r=!1}=t,s=r&&e.reduce((o,n)=>(n.hidden&&o.push(n.type),o),[]);return function(n){let i=2,f=0,a=0,l=0;if(n.forEach(c=>{$(t,c)&&(c.notes.length>0?(f+=c.notes.length,i=0):c.type==="feat"||c.type==="feature"?(a+=1,i===2&&(i=1)):r&&!s.includes(c.type)&&(l+=1))}),t?.preMajor&&i<2)i++;else if(r&&i===2&&!f&&!a&&!l)return null;return{level:i,reason:f===1?`There is ${f} BREAKING CHANGE and ${a} features`:`There are ${f} BREAKING CHANGES and ${a} features`}}}function ie(t){return{commits:{ignore:t?.ignoreCommits,merges:!1},parser:z(t),writer:se(t),whatBump:oe(t)}}function ne(){return{headerPattern:/^(\w*)(?:\((.*)\))?: (.*)$/,headerCorrespondence:["type","scope","subject"],noteKeywords:["BREAKING CHANGE"],revertPattern:/^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w{7,40})\b/i,revertCorrespondence:["header","hash"]}}var pe=I(G(),1);var ae=`{{> header}}

{{#each commitGroups}}

{{#if title}}
### {{title}}

{{/if}}
{{#each commits}}
{{> commit root=@root}}
{{/each}}

{{/each}}
{{> footer}}
`,fe=`{{#if isPatch~}}
  ##
{{~else~}}
  #
{{~/if}} {{#if @root.linkCompare~}}
  [{{version}}](
  {{~#if @root.repository~}}
    {{~#if @root.host}}
      {{~@root.host}}/
    {{~/if}}
    {{~#if @root.owner}}
      {{~@root.owner}}/
    {{~/if}}
    {{~@root.repository}}
  {{~else}}
    {{~@root.repoUrl}}
  {{~/if~}}
  /compare/{{previousTag}}...{{currentTag}})
{{~else}}
  {{~version}}
{{~/if}}
{{~#if title}} "{{title}}"
{{~/if}}
{{~#if date}} ({{date}})
{{/if}}
`,ce=`*{{#if scope}} **{{scope}}:**
{{~/if}} {{#if subject}}
  {{~subject}}
{{~else}}
  {{~header}}
{{~/if}}

{{~!-- commit link --}} {{#if @root.linkReferences~}}
  ([{{shortHash}}](
  {{~#if @root.repository}}
    {{~#if @root.host}}
      {{~@root.host}}/
    {{~/if}}
    {{~#if @root.owner}}
      {{~@root.owner}}/
    {{~/if}}
    {{~@root.repository}}
  {{~else}}
    {{~@root.repoUrl}}
  {{~/if}}/
  {{~@root.commit}}/{{hash}}))
{{~else}}
  {{~shortHash}}
{{~/if}}

{{~!-- commit references --}}
{{~#if references~}}
  , closes
  {{~#each references}} {{#if @root.linkReferences~}}
    [
    {{~#if this.owner}}
      {{~this.owner}}/
    {{~/if}}
    {{~this.repository}}#{{this.issue}}](
    {{~#if @root.repository}}
      {{~#if @root.host}}
        {{~@root.host}}/
      {{~/if}}
      {{~#if this.repository}}
        {{~#if this.owner}}
          {{~this.owner}}/
        {{~/if}}
        {{~this.repository}}
      {{~else}}
        {{~#if @root.owner}}
          {{~@root.owner}}/
        {{~/if}}
          {{~@root.repository}}
        {{~/if}}
    {{~else}}
      {{~@root.repoUrl}}
    {{~/if}}/
    {{~@root.issue}}/{{this.issue}})
  {{~else}}
    {{~#if this.owner}}
      {{~this.owner}}/
    {{~/if}}
    {{~this.repository}}#{{this.issue}}
  {{~/if}}{{/each}}
{{~/if}}

`,le=`{{#if noteGroups}}
{{#each noteGroups}}

### {{title}}

{{#each notes}}
* {{#if commit.scope}}**{{commit.scope}}:** {{/if}}{{text}}
{{/each}}
{{/each}}

{{/if}}
`;var Ie=7;function ue(){return{mainTemplate:ae,headerPartial:fe,commitPartial:ce,footerPartial:le,transform:(t,e)=>{let r=!0,s=t.notes.map(c=>(r=!1,{...c,title:"BREAKING CHANGES"})),{type:o}=t;if(t.type==="feat")o="Features";else if(t.type==="fix")o="Bug Fixes";else if(t.type==="perf")o="Performance Improvements";else if(t.type==="revert"||t.revert)o="Reverts";else{if(r)return;t.type==="docs"?o="Documentation":t.type==="style"?o="Styles":t.type==="refactor"?o="Code Refactoring":t.type==="test"?o="Tests":t.type==="build"?o="Build System":t.type==="ci"&&(o="Continuous Integration")}let n=t.scope==="*"?"":t.scope,i=typeof t.hash=="string"?t.hash.substring(0,Ie):t.shortHash,f=[],{subject:a}=t;if(typeof a=="string"){let c=e.repository?`${e.host}/${e.owner}/${e.repository}`:e.repoUrl;c&&(c=`${c}/issues/`,a=a.replace(/#([0-9]+)/g,(P,p)=>(f.push(p),`[#${p}](${c}${p})`))),e.host&&(a=a.replace(/`[^`]*`|\B@([a-z0-9](?:-?[a-z0-9/]){0,38})/g,(P,p)=>p?p.includes("/")?`@${p}`:`[@${p}](${e.host}/${p})`:P))}let l=t.references.filter(c=>!f.includes(c.issue));return{notes:s,type:o,scope:n,shortHash:i,subject:a,references:l}},groupBy:"type",commitGroupsSort:"title",commitsSort:["scope","subject"],noteGroupsSort:"title",notesSort:pe.default}}function he(t){let e=2,r=0,s=0;return t.forEach(o=>{o.notes.length>0?(r+=o.notes.length,e=0):o.type==="feat"&&(s+=1,e===2&&(e=1))}),{level:e,reason:r===1?`There is ${r} BREAKING CHANGE and ${s} features`:`There are ${r} BREAKING CHANGES and ${s} features`}}function me(t){return{commits:{ignore:t?.ignoreCommits,merges:!1},parser:ne(),writer:ue(),whatBump:he}}export{A as CommitParser,me as angular,ie as conventionalcommits,Se as filterRevertedCommitsSync};
//# sourceMappingURL=commit-parser-VYAVHVX5.js.map
