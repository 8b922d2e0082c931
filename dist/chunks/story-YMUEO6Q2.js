import { createRequire as __runwayRequire } from 'node:module'; import { fileURLToPath as __runwayPath } from 'node:url'; const require = __runwayRequire(import.meta.url); const __filename = __runwayPath(import.meta.url); const __dirname = __runwayPath(new URL('.', import.meta.url));
import{a as G}from"./chunk-CLYGGUMK.js";import{a as I}from"./chunk-GWVSP52I.js";import{a as W}from"./chunk-2P2XPBXF.js";import{g as J}from"./chunk-22OFUPOU.js";import{c as S,d as h}from"./chunk-ADAIWYKE.js";import{a as U}from"./chunk-YT44AREQ.js";import"./chunk-O32O7O65.js";import"./chunk-N447HOFO.js";import{a as z}from"./chunk-2JDLYAP4.js";import"./chunk-MZ5XH62U.js";import"./chunk-ZWBKL6HF.js";import"./chunk-7IW6CBJ3.js";import"./chunk-NC2QJIS7.js";import"./chunk-VLEHUFHR.js";import{a as Q}from"./chunk-NHSVDOWM.js";import{e as V,f as Y}from"./chunk-RVIZCF6U.js";import"./chunk-XLDVZ2QH.js";import"./chunk-PGS5HJIA.js";import"./chunk-TWWWETVY.js";import{H as B,I as K}from"./chunk-CTWULWXH.js";import"./chunk-D5PMAT4H.js";import{c as M}from"./chunk-R4LYKOYJ.js";import"./chunk-7HMADPBF.js";import"./chunk-BZJYNCUY.js";import"./chunk-7ZEJBHIX.js";import"./chunk-SHKZWYP4.js";import"./chunk-4O2RS27C.js";import{a as i}from"./chunk-NVX4RI35.js";import{mkdirSync as he,rmSync as Pe,writeFileSync as C}from"node:fs";import{join as L,resolve as be}from"node:path";import{join as ye}from"node:path";import{createHash as ae}from"node:crypto";import{appendFileSync as ce,cpSync as ct,mkdtempSync as me,readFileSync as pe,rmSync as de,writeFileSync as ue}from"node:fs";import{tmpdir as le}from"node:os";import{join as E,resolve as ge}from"node:path";import{spawn as _t}from"node:child_process";import{accessSync as Tt,constants as Rt,existsSync as Dt,readdirSync as At,readFileSync as Ct,realpathSync as kt,rmSync as It}from"node:fs";import{chown as Ot,mkdtemp as Nt}from"node:fs/promises";import{tmpdir as Ht}from"node:os";import{delimiter as Lt,dirname as jt,join as P}from"node:path";var g=class extends Error{static{i(this,"LocalSetupError")}name="LocalSetupError"};import{createServer as $t}from"node:net";function X(){return new Promise((t,e)=>{let r=$t();r.unref(),r.on("error",e),r.listen(0,"127.0.0.1",()=>{let o=r.address(),n=typeof o=="object"&&o?o.port:0;r.close(()=>n?t(n):e(new Error("no port assigned")))})})}i(X,"freePort");var D="postgres",qt="PostgreSQL server binaries (initdb, postgres) were not found; install them with `apt-get install postgresql-15` or set RUNWAY_PG_BIN to their directory";async function tt(t={}){let e=t.log??(()=>{}),r=Ft(),o=Gt(),n=await Nt(P(Ht(),"runway-pg-")),s=i(()=>It(n,{recursive:!0,force:!0}),"removeDir");try{o&&await Ot(n,o.uid,o.gid);let a=P(n,"data");await Mt(r,a,n,o);let{child:m,port:c}=await Bt(r,a,n,o);return e(`postgres ready on 127.0.0.1:${c} (${n})`),Vt(r,a,m,c,s)}catch(a){throw s(),a}}i(tt,"startPostgres");function Ft(){let t=[];process.env.RUNWAY_PG_BIN&&t.push(process.env.RUNWAY_PG_BIN);for(let r of(process.env.PATH??"").split(Lt))try{t.push(jt(kt(P(r,"initdb"))))}catch{}try{let r=At("/usr/lib/postgresql").sort((o,n)=>Number(n)-Number(o));t.push(...r.map(o=>`/usr/lib/postgresql/${o}/bin`))}catch{}let e=t.find(r=>Z(P(r,"initdb"))&&Z(P(r,"postgres")));if(!e)throw new g(qt);return e}i(Ft,"findBinDir");function Z(t){try{return Tt(t,Rt.X_OK),!0}catch{return!1}}i(Z,"isExecutable");function Gt(){if(process.getuid?.()!==0)return null;let t=Ct("/etc/passwd","utf8").split(`
`).map(e=>e.split(":"));for(let e of["postgres","nobody"]){let r=t.find(o=>o[0]===e);if(r?.[2]&&r[3])return{uid:Number(r[2]),gid:Number(r[3])}}throw new g("running as root, but neither a `postgres` nor a `nobody` user exists to run PostgreSQL")}i(Gt,"serverIdentity");function et(t,e){let r={...process.env,LC_ALL:"C",LANG:"C"};return t?{cwd:e,env:r,uid:t.uid,gid:t.gid}:{cwd:e,env:r}}i(et,"asOwner");async function Mt(t,e,r,o){let n=["-D",e,"-U",D,"--auth=trust","--no-locale","-E","UTF8","--no-sync","--no-instructions"],s=await S(P(t,"initdb"),n,et(o,r));if(s.code!==0)throw new g(`initdb failed (exit ${s.code}):
${h(s.stderr||s.stdout)}`)}i(Mt,"initdb");async function Bt(t,e,r,o){for(let n=1;;n++){let s=await X();try{return{child:await Ut(t,e,r,s,o),port:s}}catch(a){if(!(a instanceof g&&/could not (bind|create listen)/i.test(a.message))||n>=3)throw a}}}i(Bt,"launch");function Ut(t,e,r,o,n){let s={listen_addresses:"127.0.0.1",port:String(o),unix_socket_directories:r,fsync:"off",synchronous_commit:"off",full_page_writes:"off"},a=["-D",e,...Object.entries(s).flatMap(([c,u])=>["-c",`${c}=${u}`])],m=_t(P(t,"postgres"),a,{...et(n,r),stdio:["ignore","ignore","pipe"]});return new Promise((c,u)=>{let l="",$=setTimeout(()=>b(new g(`postgres did not become ready in 30 s:
${h(l)}`)),3e4),b=i(p=>{clearTimeout($),m.kill("SIGKILL"),u(p)},"fail"),v=i(p=>b(new g(`postgres exited during startup (${p}):
${h(l)}`)),"exited"),f=i(p=>{l=(l+p.toString()).slice(-2e4),l.includes("ready to accept connections")&&(clearTimeout($),m.off("exit",v),m.stderr?.off("data",f).on("data",()=>{}),c(m))},"watch");m.on("error",b),m.on("exit",v),m.stderr?.on("data",f)})}i(Ut,"startServer");var O=new Set;process.on("exit",()=>{for(let t of O)t()});function Vt(t,e,r,o,n){let s="postgres",a={PGHOST:"127.0.0.1",PGPORT:String(o),PGUSER:D,PGDATABASE:s},m=i(()=>{r.kill("SIGQUIT"),Yt(P(e,"postmaster.pid"),5e3),n()},"onExit");O.add(m),r.unref(),r.stderr?.unref?.();let c;return{host:"127.0.0.1",port:o,user:D,database:s,url:`postgres://${D}@127.0.0.1:${o}/${s}`,env:a,async createDatabase(u){let l=await S(P(t,"createdb"),[u],{env:{...process.env,...a}});if(l.code!==0)throw new g(`createdb ${u} failed:
${h(l.stderr)}`)},stop(){return c??=Jt(r).then(()=>{O.delete(m),n()}),c}}}i(Vt,"running");function Yt(t,e){let r=new Int32Array(new SharedArrayBuffer(4));for(let o=Date.now()+e;Dt(t)&&Date.now()<o;)Atomics.wait(r,0,0,20)}i(Yt,"waitForFileGone");function Jt(t){return t.exitCode!==null||t.signalCode!==null?Promise.resolve():new Promise(e=>{let r=setTimeout(()=>t.kill("SIGQUIT"),5e3),o=setTimeout(()=>t.kill("SIGKILL"),1e4);t.once("exit",()=>{clearTimeout(r),clearTimeout(o),e()}),t.kill("SIGINT")})}i(Jt,"shutdown");import{createHash as Kt,randomBytes as Qt}from"node:crypto";import{existsSync as nt}from"node:fs";import{lstat as Wt,mkdir as zt,readdir as ot,readFile as it,rename as rt,rm as H,writeFile as st}from"node:fs/promises";import{homedir as Xt}from"node:os";import{basename as Zt,join as y}from"node:path";var N=".runway-ready";async function at(t){let e=t.log??(()=>{}),r=await it(t.requirementsFile,"utf8"),o=await ee(),n=Kt("sha256").update(`${r}\0${o}`).digest("hex").slice(0,12),s=t.cacheRoot??te(),a=y(s,`venv-${n}`),m={dir:a,binDir:y(a,"bin"),python:y(a,"bin","python")};if(nt(y(a,N)))return m;await zt(s,{recursive:!0}),await ie(s,`venv-${n}`);let c=`${a}.tmp-${process.pid}-${Qt(4).toString("hex")}`;e(`creating python venv ${a} (python ${o})`);try{await re(c,t.requirementsFile,e),await ne(c,a),await st(y(c,N),`${o}
`),await oe(c,a)}finally{await H(c,{recursive:!0,force:!0})}return m}i(at,"ensureVenv");function te(){let t=process.env.XDG_CACHE_HOME;return y(t||y(Xt(),".cache"),"runway")}i(te,"defaultCacheRoot");async function ee(){let t=await S("python3",["-c","import platform; print(platform.python_version())"]).catch(e=>{throw e.code!=="ENOENT"?e:new g("python3 was not found on PATH; install it (e.g. `apt-get install python3 python3-venv`)")});if(t.code!==0)throw new g(`python3 does not run:
${h(t.stderr)}`);return t.stdout.trim()}i(ee,"pythonVersion");async function re(t,e,r){let o=Zt(t).replace(/\.tmp-.*$/,""),n=await S("python3",["-m","venv","--prompt",o,t]);if(n.code!==0)throw new g(`python3 -m venv failed (on Debian, \`apt-get install python3-venv\`):
${h(n.stderr)}`);r(`pip install -r ${e}`);let s=await S(y(t,"bin","python"),["-m","pip","install","--retries","0","-r",e],{env:{...process.env,PIP_DISABLE_PIP_VERSION_CHECK:"1"}});if(s.code!==0)throw new g(`pip install -r ${e} failed (exit ${s.code}):
${h(s.stderr)}`)}i(re,"build");async function ne(t,e){let r=y(t,"bin"),o=(await ot(r)).map(n=>y(r,n));for(let n of[...o,y(t,"pyvenv.cfg")]){let s=await Wt(n);if(!s.isFile()||s.size>1e6)continue;let a=await it(n,"utf8");a.includes(t)&&await st(n,a.replaceAll(t,e))}}i(ne,"relocate");async function oe(t,e){try{await rt(t,e)}catch(r){let o=r.code;if(o!=="ENOTEMPTY"&&o!=="EEXIST")throw r;if(nt(y(e,N)))return;await H(e,{recursive:!0,force:!0}),await rt(t,e)}}i(oe,"publish");async function ie(t,e){for(let r of await ot(t)){let o=r.startsWith(`${e}.tmp-`)?/^(\d+)-/.exec(r.slice(e.length+5)):null;o?.[1]&&!se(Number(o[1]))&&await H(y(t,r),{recursive:!0,force:!0})}}i(ie,"removeAbandonedBuilds");function se(t){try{return process.kill(t,0),!0}catch(e){return e.code==="EPERM"}}i(se,"isAlive");var mt=ge("test/fixtures/django-app"),pt=["dev","qa","prod"],fe="asia-northeast3-docker.pkg.dev/demo-project/app/web";function we(t,e){return t.replace(/^ {2}env:\n/m,`  env:
    PGDATABASE: runway_${e}
`)}i(we,"pointAtDatabase");async function dt(t){let e=me(E(le(),"runway-demo-")),r=await at({requirementsFile:E(mt,"requirements.txt"),log:t}),o=await tt({log:t});try{for(let m of pt)await o.createDatabase(`runway_${m}`);let n=E(e,"app");ct(mt,n,{recursive:!0,filter:i(m=>!m.includes("__pycache__"),"filter")});let s=U(n);await s.init(["--initial-branch=main"]).addConfig("user.email","demo@runway.local").addConfig("user.name","Runway demo"),await s.add(".").commit("Initial shop app");let a=n;ct("environments",E(a,"environments"),{recursive:!0}),ce(E(n,".git","info","exclude"),`/environments/
`);for(let m of pt){let c=E(a,"environments",`${m}.yaml`);ue(c,we(pe(c,"utf8"),m))}return{venv:r,pg:o,repo:{dir:n,git:s},workspace:a,temp:e,async stop(){await o.stop(),de(e,{recursive:!0,force:!0})}}}catch(n){throw await o.stop(),n}}i(dt,"setUpStage");function ut(t){return`${fe}@sha256:${ae("sha256").update(t).digest("hex")}`}i(ut,"imageFor");async function x(t,e,r,o={}){let n=ye(t.temp,"images",r.slice(0,12));await t.repo.git.raw(["worktree","add","--detach",n,r]);let s=ut(r),a={image:s,command:["/bin/sh","-c",`exec "${t.venv.binDir}/gunicorn" --bind "127.0.0.1:$PORT" --workers 1 config.wsgi`],cwd:n,env:{PATH:`${t.venv.binDir}:${process.env.PATH??""}`,PYTHONDONTWRITEBYTECODE:"1",...t.pg.env,...o}},m=await fetch(`${e.http}/_emulator/images`,{method:"POST",body:JSON.stringify(a)});if(!m.ok)throw new Error(`registering ${s} failed: ${await m.text()}`);return s}i(x,"publish");var lt=`from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=200)
    price_cents = models.PositiveIntegerField()
    description = models.TextField(blank=True, null=True)


class Order(models.Model):
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
`,gt={"shop/models.py":`${lt}    quantity = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
`,"shop/migrations/0002_product_description.py":`from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.AddField(model_name="product", name="description", field=models.TextField(blank=True, null=True)),
    ]
`},ft={"shop/views.py":`import os

from django.http import HttpResponse, JsonResponse

from shop.models import Product

_served = {"count": 0}


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def index(request):
    _served["count"] += 1
    if _served["count"] > 1:
        return HttpResponse("the new pricing code crashed", status=500)
    return JsonResponse({"products": Product.objects.count(), "release": os.environ.get("RELEASE")})
`},ve=`import os

from django.http import HttpResponse, JsonResponse

from shop.models import Product


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def index(request):
    return JsonResponse({"products": Product.objects.count(), "release": os.environ.get("RELEASE")})
`,wt={"shop/views.py":ve,"shop/models.py":`${lt}    created_at = models.DateTimeField(auto_now_add=True)
`,"shop/migrations/0003_remove_order_quantity.py":`from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_product_description")]

    operations = [
        migrations.RemoveField(model_name="order", name="quantity"),
    ]
`};var A=class{constructor(e=r=>process.stdout.write(`${r}
`)){this.write=e}write;static{i(this,"Timeline")}started=Date.now();steps=[];pending;async step(e,r,o){let n=Date.now(),s=[];this.pending=s;let a;try{a=await r()}finally{this.pending=void 0}let m=Date.now()-n,c=o(a);this.steps.push({title:e,ms:m,detail:c,notes:s}),this.write(`${e.padEnd(52)} ${String(m).padStart(6)} ms  ${c}`);for(let u of s)this.write(`      ${u}`);return a}note(e){this.pending?this.pending.push(e):this.write(`      ${e}`)}total(){return Date.now()-this.started}};function yt(t,e=2e3){let r=0;return{now:i(()=>new Date(Date.now()+r),"now"),sleep:i(async o=>{if(o<=e)return new Promise(n=>setTimeout(n,o));r+=o,t(`(waited ${M(o)} of canary time, simulated)`)},"sleep")}}i(yt,"demoClock");var T=be(".runway/demo");async function w(t,e,r,o){let n=t.context(),s=L(T,`${String(t.summaries.length+1).padStart(2,"0")}-${e.replace(/^\s*\d+\.\s*/,"").trim().toLowerCase().replace(/[^a-z0-9]+/g,"-").replace(/^-|-$/g,"")}.md`);return t.timeline.step(e,async()=>{try{let a=await r(n);return C(s,a.summary),t.summaries.push(s),a}catch(a){return C(s,a.summary??`${a.message}
`),t.summaries.push(s),{outputs:{},summary:"",json:{error:a.message}}}},o)}i(w,"act");var vt=i(t=>{let e=String(t.json.error??"").split(`
`)[0]??"";return/failed at (traffic|smoke)/.test(e)?`${e.replace(/ \(http[^)]*\)/g,"")} \u2192 traffic restored automatically`:`refused: ${e}`},"failure");async function Pt(t,e,r){for(let[o,n]of Object.entries(r))C(L(t.repo.dir,o),n);return await t.repo.git.add(Object.keys(r)).commit(e),(await t.repo.git.revparse(["HEAD"])).trim()}i(Pt,"commit");async function Se(t,e,r,o){await t.repo.git.checkoutLocalBranch(e);let n=await Pt(t,r,o);return await t.repo.git.checkout(xe),n}i(Se,"branchCommit");async function Ee(t,e,r){return await t.repo.git.merge(["--no-ff","-m",r,e]),(await t.repo.git.revparse(["HEAD"])).trim()}i(Ee,"merge");var ht=i((t,e,r)=>Pt(t,e,r),"commitOnMain"),xe="main";async function Cr(){return await $e(),0}i(Cr,"demo");async function $e(t={}){let e=t.write??(p=>process.stdout.write(p)),r=t.color??(t.write?!1:V(process.stdout));Pe(T,{recursive:!0,force:!0}),he(T,{recursive:!0});let o=new A(p=>e(`${p}
`));e(`Runway demo: the sample Django app from pull request to production and back, on the embedded emulator.

`);let n=await dt(()=>{}),s=await G(),a=K({emulatorHost:s.grpc}),m=yt(p=>o.note(p)),c={stage:n,timeline:o,summaries:[],context:i(()=>({logger:new B,clock:m,clients:i(()=>a,"clients"),fetch,env:{PATH:process.env.PATH,HOME:process.env.HOME,DATABASE_URL:n.pg.url}}),"context")},u=n.workspace,l="environments",$={projectDir:n.repo.dir,allow:[],python:n.venv.python},b=i((p,_)=>R=>J({environment:"dev",image:_,commit:p,dryRun:!1,configDir:l,root:u,gate:$},R),"deploy"),v=i(p=>_=>W({to:p,dryRun:!1,configDir:l,root:u,gate:$},_),"promoteTo"),f=i(p=>p.outputs.revision?`${p.outputs["release-id"]} live on ${p.outputs.revision}`:vt(p),"released");try{let p=(await n.repo.git.revparse(["HEAD"])).trim(),_=await x(n,s,p);await w(c,"0. bootstrap: main to dev",b(p,_),f),await w(c,"   bootstrap: promote to qa",v("qa"),f),await w(c,"   bootstrap: promote to prod",v("prod"),f);let R=await Se(n,"feature/description","Add a product description (#7)",gt),bt=await x(n,s,R);await w(c,"1. PR #7 opened: preview",d=>I({action:"deploy",pr:"7",image:bt,commit:R,fork:!1,environment:"dev",configDir:l,root:u},d),d=>`${d.outputs.url}`);let j=await Ee(n,"feature/description","Merge pull request #7"),St=await x(n,s,j);await w(c,"2. merge #7: gate, migrate, deploy dev",b(j,St),f),await w(c,"   PR #7 closed: preview removed",d=>I({action:"cleanup",pr:"7",fork:!1,environment:"dev",configDir:l,root:u},d),d=>`deleted ${d.outputs.deleted||"nothing"}`),await w(c,"3. promote #7 to qa (canary, schedules)",v("qa"),f),await w(c,"   promote #7 to prod (10 \u2192 50 \u2192 100)",v("prod"),f);let q=await ht(n,"New pricing code (#8)",ft),Et=await x(n,s,q);await w(c,"4. merge #8 to dev",b(q,Et),f),await w(c,"   promote #8 to qa: fails at the canary",v("qa"),f);let F=await ht(n,"Revert #8; drop Order.quantity (#9)",wt),xt=await x(n,s,F);await w(c,"5. merge #9 (drops a column) to dev",b(F,xt),f),await w(c,"   promote #9 to qa",v("qa"),f),await w(c,"   promote #9 to prod: blocked",v("prod"),f),await w(c,"6. one-click rollback of prod",d=>z({environment:"prod",force:!1,migrateBack:!1,dryRun:!1,configDir:l,root:u},d),d=>d.outputs.revision?`prod back on ${d.outputs["release-id"]} (${d.outputs.revision})`:vt(d));let k=await Q({configDir:l,root:u},c.context());return C(L(T,"status.md"),k.summary),e(`
${Y(k.json,c.context().clock.now(),{color:r})}

`),e(`Step summaries (Markdown): ${T}/
${c.summaries.map(d=>`  ${d}`).join(`
`)}
`),e(`
Done in ${(o.total()/1e3).toFixed(1)} s; ${s.registry.calls.length} API calls.
`),{statuses:k.json,summaries:c.summaries,calls:s.registry.calls.length,ms:o.total()}}finally{await a.close(),await s.stop(),await n.stop()}}i($e,"runDemo");export{Cr as demo,$e as runDemo};
