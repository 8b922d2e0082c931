import { createRequire as __runwayRequire } from 'node:module'; import { fileURLToPath as __runwayPath } from 'node:url'; const require = __runwayRequire(import.meta.url); const __filename = __runwayPath(import.meta.url); const __dirname = __runwayPath(new URL('.', import.meta.url));
import{a as G}from"./chunk-SA4AIN2W.js";import{a as K}from"./chunk-QOMNYDF2.js";import{a as I}from"./chunk-TVLBNM6P.js";import{a as z}from"./chunk-XGTIQLZE.js";import"./chunk-JF22HFON.js";import"./chunk-XI73RYT2.js";import{a as V}from"./chunk-QBZUSEA6.js";import{c as S,d as h}from"./chunk-ATDZJCK4.js";import"./chunk-7NE565Z6.js";import"./chunk-NAQ4NCJQ.js";import{a as X}from"./chunk-Q6DOXTAL.js";import"./chunk-A6OR54WN.js";import"./chunk-WDOWNPYK.js";import"./chunk-GG2H4AGO.js";import"./chunk-TTNSUR2E.js";import"./chunk-6E2VHBAP.js";import{a as W}from"./chunk-TOASYWYJ.js";import{b as Y,c as J}from"./chunk-BW223ONW.js";import"./chunk-QYSJFM46.js";import"./chunk-US7MOOJ6.js";import"./chunk-52KI2KFF.js";import"./chunk-ZSGELLT4.js";import"./chunk-CRJQJJO2.js";import{c as Q}from"./chunk-2CQ72QH7.js";import{d as B}from"./chunk-WAFDNA7O.js";import"./chunk-64ISSCXS.js";import"./chunk-ND5QN7P5.js";import"./chunk-TWWWETVY.js";import"./chunk-TQLNCK2M.js";import"./chunk-IO2RURNY.js";import{c as U}from"./chunk-X45ZUYLX.js";import"./chunk-7HMADPBF.js";import"./chunk-QSEYP62Q.js";import"./chunk-C4WLCPXN.js";import"./chunk-B2KTGLF7.js";import{a as M}from"./chunk-4NAKAG47.js";import{a as i}from"./chunk-NVX4RI35.js";import{mkdirSync as Pe,rmSync as Se,writeFileSync as C}from"node:fs";import{join as L,resolve as Ee}from"node:path";import{join as he}from"node:path";import{createHash as me}from"node:crypto";import{appendFileSync as pe,cpSync as mt,mkdtempSync as de,readFileSync as ue,rmSync as le,writeFileSync as ge}from"node:fs";import{tmpdir as fe}from"node:os";import{join as E,resolve as we}from"node:path";import{spawn as Rt}from"node:child_process";import{accessSync as Dt,constants as At,existsSync as Ct,readdirSync as kt,readFileSync as It,realpathSync as Ot,rmSync as Nt}from"node:fs";import{chown as Ht,mkdtemp as Lt}from"node:fs/promises";import{tmpdir as jt}from"node:os";import{delimiter as qt,dirname as Ft,join as b}from"node:path";var g=class extends M{static{i(this,"LocalSetupError")}constructor(e){super(e,"setup"),this.name="LocalSetupError"}};import{createServer as Tt}from"node:net";function Z(){return new Promise((t,e)=>{let r=Tt();r.unref(),r.on("error",e),r.listen(0,"127.0.0.1",()=>{let o=r.address(),n=typeof o=="object"&&o?o.port:0;r.close(()=>n?t(n):e(new Error("no port assigned")))})})}i(Z,"freePort");var D="postgres",Mt="PostgreSQL server binaries (initdb, postgres) were not found; install them with `apt-get install postgresql-15` or set RUNWAY_PG_BIN to their directory";async function et(t={}){let e=t.log??(()=>{}),r=Gt(),o=Ut(),n=await Lt(b(jt(),"runway-pg-")),s=i(()=>Nt(n,{recursive:!0,force:!0}),"removeDir");try{o&&await Ht(n,o.uid,o.gid);let a=b(n,"data");await Bt(r,a,n,o);let{child:m,port:c}=await Vt(r,a,n,o);return e(`postgres ready on 127.0.0.1:${c} (${n})`),Jt(r,a,m,c,s)}catch(a){throw s(),a}}i(et,"startPostgres");function Gt(){let t=[];process.env.RUNWAY_PG_BIN&&t.push(process.env.RUNWAY_PG_BIN);for(let r of(process.env.PATH??"").split(qt))try{t.push(Ft(Ot(b(r,"initdb"))))}catch{}try{let r=kt("/usr/lib/postgresql").sort((o,n)=>Number(n)-Number(o));t.push(...r.map(o=>`/usr/lib/postgresql/${o}/bin`))}catch{}let e=t.find(r=>tt(b(r,"initdb"))&&tt(b(r,"postgres")));if(!e)throw new g(Mt);return e}i(Gt,"findBinDir");function tt(t){try{return Dt(t,At.X_OK),!0}catch{return!1}}i(tt,"isExecutable");function Ut(){if(process.getuid?.()!==0)return null;let t=It("/etc/passwd","utf8").split(`
`).map(e=>e.split(":"));for(let e of["postgres","nobody"]){let r=t.find(o=>o[0]===e);if(r?.[2]&&r[3])return{uid:Number(r[2]),gid:Number(r[3])}}throw new g("running as root, but neither a `postgres` nor a `nobody` user exists to run PostgreSQL")}i(Ut,"serverIdentity");function rt(t,e){let r={...process.env,LC_ALL:"C",LANG:"C"};return t?{cwd:e,env:r,uid:t.uid,gid:t.gid}:{cwd:e,env:r}}i(rt,"asOwner");async function Bt(t,e,r,o){let n=["-D",e,"-U",D,"--auth=trust","--no-locale","-E","UTF8","--no-sync","--no-instructions"],s=await S(b(t,"initdb"),n,rt(o,r));if(s.code!==0)throw new g(`initdb failed (exit ${s.code}):
${h(s.stderr||s.stdout)}`)}i(Bt,"initdb");async function Vt(t,e,r,o){for(let n=1;;n++){let s=await Z();try{return{child:await Yt(t,e,r,s,o),port:s}}catch(a){if(!(a instanceof g&&/could not (bind|create listen)/i.test(a.message))||n>=3)throw a}}}i(Vt,"launch");function Yt(t,e,r,o,n){let s={listen_addresses:"127.0.0.1",port:String(o),unix_socket_directories:r,fsync:"off",synchronous_commit:"off",full_page_writes:"off"},a=["-D",e,...Object.entries(s).flatMap(([c,u])=>["-c",`${c}=${u}`])],m=Rt(b(t,"postgres"),a,{...rt(n,r),stdio:["ignore","ignore","pipe"]});return new Promise((c,u)=>{let l="",$=setTimeout(()=>P(new g(`postgres did not become ready in 30 s:
${h(l)}`)),3e4),P=i(p=>{clearTimeout($),m.kill("SIGKILL"),u(p)},"fail"),y=i(p=>P(new g(`postgres exited during startup (${p}):
${h(l)}`)),"exited"),f=i(p=>{l=(l+p.toString()).slice(-2e4),l.includes("ready to accept connections")&&(clearTimeout($),m.off("exit",y),m.stderr?.off("data",f).on("data",()=>{}),c(m))},"watch");m.on("error",P),m.on("exit",y),m.stderr?.on("data",f)})}i(Yt,"startServer");var O=new Set;process.on("exit",()=>{for(let t of O)t()});function Jt(t,e,r,o,n){let s="postgres",a={PGHOST:"127.0.0.1",PGPORT:String(o),PGUSER:D,PGDATABASE:s},m=i(()=>{r.kill("SIGQUIT"),Kt(b(e,"postmaster.pid"),5e3),n()},"onExit");O.add(m),r.unref(),r.stderr?.unref?.();let c;return{host:"127.0.0.1",port:o,user:D,database:s,url:`postgres://${D}@127.0.0.1:${o}/${s}`,env:a,async createDatabase(u){let l=await S(b(t,"createdb"),[u],{env:{...process.env,...a}});if(l.code!==0)throw new g(`createdb ${u} failed:
${h(l.stderr)}`)},stop(){return c??=Qt(r).then(()=>{O.delete(m),n()}),c}}}i(Jt,"running");function Kt(t,e){let r=new Int32Array(new SharedArrayBuffer(4));for(let o=Date.now()+e;Ct(t)&&Date.now()<o;)Atomics.wait(r,0,0,20)}i(Kt,"waitForFileGone");function Qt(t){return t.exitCode!==null||t.signalCode!==null?Promise.resolve():new Promise(e=>{let r=setTimeout(()=>t.kill("SIGQUIT"),5e3),o=setTimeout(()=>t.kill("SIGKILL"),1e4);t.once("exit",()=>{clearTimeout(r),clearTimeout(o),e()}),t.kill("SIGINT")})}i(Qt,"shutdown");import{createHash as Wt,randomBytes as zt}from"node:crypto";import{existsSync as ot}from"node:fs";import{lstat as Xt,mkdir as Zt,readdir as it,readFile as st,rename as nt,rm as H,writeFile as at}from"node:fs/promises";import{homedir as te}from"node:os";import{basename as ee,join as v}from"node:path";var N=".runway-ready";async function ct(t){let e=t.log??(()=>{}),r=await st(t.requirementsFile,"utf8"),o=await ne(),n=Wt("sha256").update(`${r}\0${o}`).digest("hex").slice(0,12),s=t.cacheRoot??re(),a=v(s,`venv-${n}`),m={dir:a,binDir:v(a,"bin"),python:v(a,"bin","python")};if(ot(v(a,N)))return m;await Zt(s,{recursive:!0}),await ae(s,`venv-${n}`);let c=`${a}.tmp-${process.pid}-${zt(4).toString("hex")}`;e(`creating python venv ${a} (python ${o})`);try{await oe(c,t.requirementsFile,e),await ie(c,a),await at(v(c,N),`${o}
`),await se(c,a)}finally{await H(c,{recursive:!0,force:!0})}return m}i(ct,"ensureVenv");function re(){let t=process.env.XDG_CACHE_HOME;return v(t||v(te(),".cache"),"runway")}i(re,"defaultCacheRoot");async function ne(){let t=await S("python3",["-c","import platform; print(platform.python_version())"]).catch(e=>{throw e.code!=="ENOENT"?e:new g("python3 was not found on PATH; install it (e.g. `apt-get install python3 python3-venv`)")});if(t.code!==0)throw new g(`python3 does not run:
${h(t.stderr)}`);return t.stdout.trim()}i(ne,"pythonVersion");async function oe(t,e,r){let o=ee(t).replace(/\.tmp-.*$/,""),n=await S("python3",["-m","venv","--prompt",o,t]);if(n.code!==0)throw new g(`python3 -m venv failed (on Debian, \`apt-get install python3-venv\`):
${h(n.stderr)}`);r(`pip install -r ${e}`);let s=await S(v(t,"bin","python"),["-m","pip","install","--retries","0","-r",e],{env:{...process.env,PIP_DISABLE_PIP_VERSION_CHECK:"1"}});if(s.code!==0)throw new g(`pip install -r ${e} failed (exit ${s.code}):
${h(s.stderr)}`)}i(oe,"build");async function ie(t,e){let r=v(t,"bin"),o=(await it(r)).map(n=>v(r,n));for(let n of[...o,v(t,"pyvenv.cfg")]){let s=await Xt(n);if(!s.isFile()||s.size>1e6)continue;let a=await st(n,"utf8");a.includes(t)&&await at(n,a.replaceAll(t,e))}}i(ie,"relocate");async function se(t,e){try{await nt(t,e)}catch(r){let o=r.code;if(o!=="ENOTEMPTY"&&o!=="EEXIST")throw r;if(ot(v(e,N)))return;await H(e,{recursive:!0,force:!0}),await nt(t,e)}}i(se,"publish");async function ae(t,e){for(let r of await it(t)){let o=r.startsWith(`${e}.tmp-`)?/^(\d+)-/.exec(r.slice(e.length+5)):null;o?.[1]&&!ce(Number(o[1]))&&await H(v(t,r),{recursive:!0,force:!0})}}i(ae,"removeAbandonedBuilds");function ce(t){try{return process.kill(t,0),!0}catch(e){return e.code==="EPERM"}}i(ce,"isAlive");var pt=we("test/fixtures/django-app"),dt=["dev","qa","prod"],ve="asia-northeast3-docker.pkg.dev/demo-project/app/web";function ye(t,e){return t.replace(/^ {2}env:\n/m,`  env:
    PGDATABASE: runway_${e}
`)}i(ye,"pointAtDatabase");async function ut(t){let e=de(E(fe(),"runway-demo-")),r=await ct({requirementsFile:E(pt,"requirements.txt"),log:t}),o=await et({log:t});try{for(let m of dt)await o.createDatabase(`runway_${m}`);let n=E(e,"app");mt(pt,n,{recursive:!0,filter:i(m=>!m.includes("__pycache__"),"filter")});let s=V(n);await s.init(["--initial-branch=main"]).addConfig("user.email","demo@runway.local").addConfig("user.name","Runway demo"),await s.add(".").commit("Initial shop app");let a=n;mt("environments",E(a,"environments"),{recursive:!0}),pe(E(n,".git","info","exclude"),`/environments/
`);for(let m of dt){let c=E(a,"environments",`${m}.yaml`);ge(c,ye(ue(c,"utf8"),m))}return{venv:r,pg:o,repo:{dir:n,git:s},workspace:a,temp:e,async stop(){await o.stop(),le(e,{recursive:!0,force:!0})}}}catch(n){throw await o.stop(),n}}i(ut,"setUpStage");function lt(t){return`${ve}@sha256:${me("sha256").update(t).digest("hex")}`}i(lt,"imageFor");async function x(t,e,r,o={}){let n=he(t.temp,"images",r.slice(0,12));await t.repo.git.raw(["worktree","add","--detach",n,r]);let s=lt(r),a={image:s,command:["/bin/sh","-c",`exec "${t.venv.binDir}/gunicorn" --bind "127.0.0.1:$PORT" --workers 1 config.wsgi`],cwd:n,env:{PATH:`${t.venv.binDir}:${process.env.PATH??""}`,PYTHONDONTWRITEBYTECODE:"1",...t.pg.env,...o}},m=await fetch(`${e.http}/_emulator/images`,{method:"POST",body:JSON.stringify(a)});if(!m.ok)throw new Error(`registering ${s} failed: ${await m.text()}`);return s}i(x,"publish");var gt=`from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=200)
    price_cents = models.PositiveIntegerField()
    description = models.TextField(blank=True, null=True)


class Order(models.Model):
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
`,ft={"shop/models.py":`${gt}    quantity = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
`,"shop/migrations/0002_product_description.py":`from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.AddField(model_name="product", name="description", field=models.TextField(blank=True, null=True)),
    ]
`},wt={"shop/views.py":`import os

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
`},be=`import os

from django.http import HttpResponse, JsonResponse

from shop.models import Product


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def index(request):
    return JsonResponse({"products": Product.objects.count(), "release": os.environ.get("RELEASE")})
`,vt={"shop/views.py":be,"shop/models.py":`${gt}    created_at = models.DateTimeField(auto_now_add=True)
`,"shop/migrations/0003_remove_order_quantity.py":`from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_product_description")]

    operations = [
        migrations.RemoveField(model_name="order", name="quantity"),
    ]
`};var yt=i(t=>`(waited ${U(t)} of canary time, simulated)`,"waitedNote"),A=class{constructor(e=r=>process.stdout.write(`${r}
`)){this.write=e}write;static{i(this,"Timeline")}started=Date.now();steps=[];pending;waitedMs=0;async step(e,r,o){let n=Date.now(),s=[];this.pending=s,this.waitedMs=0;let a;try{a=await r()}finally{this.pending=void 0}this.waitedMs&&s.unshift(yt(this.waitedMs));let m=Date.now()-n,c=o(a);this.steps.push({title:e,ms:m,detail:c,notes:s}),this.write(`${e.padEnd(52)} ${String(m).padStart(6)} ms  ${c}`);for(let u of s)this.write(`      ${u}`);return a}waited(e){this.pending?this.waitedMs+=e:this.write(`      ${yt(e)}`)}note(e){this.pending?this.pending.push(e):this.write(`      ${e}`)}total(){return Date.now()-this.started}};function ht(t,e=2e3){let r=0;return{now:i(()=>new Date(Date.now()+r),"now"),sleep:i(async o=>{if(o<=e)return new Promise(n=>setTimeout(n,o));r+=o,t(o)},"sleep")}}i(ht,"demoClock");var T=Ee(".runway/demo");async function w(t,e,r,o){let n=t.context(),s=L(T,`${String(t.summaries.length+1).padStart(2,"0")}-${e.replace(/^\s*\d+\.\s*/,"").trim().toLowerCase().replace(/[^a-z0-9]+/g,"-").replace(/^-|-$/g,"")}.md`);return t.timeline.step(e,async()=>{try{let a=await r(n);return C(s,a.summary),t.summaries.push(s),a}catch(a){return C(s,a.summary??`${a.message}
`),t.summaries.push(s),{outputs:{},summary:"",json:{error:a.message}}}},o)}i(w,"act");var bt=i(t=>{let e=String(t.json.error??"").split(`
`)[0]??"";return/failed at (traffic|smoke)/.test(e)?`${e.replace(/ \(http[^)]*\)/g,"")} \u2192 traffic restored automatically`:`refused: ${e}`},"failure");async function St(t,e,r){for(let[o,n]of Object.entries(r))C(L(t.repo.dir,o),n);return await t.repo.git.add(Object.keys(r)).commit(e),(await t.repo.git.revparse(["HEAD"])).trim()}i(St,"commit");async function xe(t,e,r,o){await t.repo.git.checkoutLocalBranch(e);let n=await St(t,r,o);return await t.repo.git.checkout(_e),n}i(xe,"branchCommit");async function $e(t,e,r){return await t.repo.git.merge(["--no-ff","-m",r,e]),(await t.repo.git.revparse(["HEAD"])).trim()}i($e,"merge");var Pt=i((t,e,r)=>St(t,e,r),"commitOnMain"),_e="main";async function Or(){return await Te(),0}i(Or,"demo");async function Te(t={}){let e=t.write??(p=>process.stdout.write(p)),r=t.color??(t.write?!1:Y(process.stdout));Se(T,{recursive:!0,force:!0}),Pe(T,{recursive:!0});let o=new A(p=>e(`${p}
`));e(`Runway demo: the sample Django app from pull request to production and back, on the embedded emulator.

`);let n=await ut(()=>{}),s=await G(),a=Q({emulatorHost:s.grpc}),m=ht(p=>o.waited(p)),c={stage:n,timeline:o,summaries:[],context:i(()=>({logger:new B,clock:m,clients:i(()=>a,"clients"),fetch,env:{PATH:process.env.PATH,HOME:process.env.HOME,DATABASE_URL:n.pg.url}}),"context")},u=n.workspace,l="environments",$={projectDir:n.repo.dir,allow:[],python:n.venv.python},P=i((p,_)=>R=>K({environment:"dev",image:_,commit:p,dryRun:!1,configDir:l,root:u,gate:$},R),"deploy"),y=i(p=>_=>z({to:p,dryRun:!1,configDir:l,root:u,gate:$},_),"promoteTo"),f=i(p=>p.outputs.revision?`${p.outputs["release-id"]} live on ${p.outputs.revision}`:bt(p),"released");try{let p=(await n.repo.git.revparse(["HEAD"])).trim(),_=await x(n,s,p);await w(c,"0. bootstrap: main to dev",P(p,_),f),await w(c,"   bootstrap: promote to qa",y("qa"),f),await w(c,"   bootstrap: promote to prod",y("prod"),f);let R=await xe(n,"feature/description","Add a product description (#7)",ft),Et=await x(n,s,R);await w(c,"1. PR #7 opened: preview",d=>I({action:"deploy",pr:"7",image:Et,commit:R,fork:!1,environment:"dev",configDir:l,root:u},d),d=>`${d.outputs.url}`);let j=await $e(n,"feature/description","Merge pull request #7"),xt=await x(n,s,j);await w(c,"2. merge #7: gate, migrate, deploy dev",P(j,xt),f),await w(c,"   PR #7 closed: preview removed",d=>I({action:"cleanup",pr:"7",fork:!1,environment:"dev",configDir:l,root:u},d),d=>`deleted ${d.outputs.deleted||"nothing"}`),await w(c,"3. promote #7 to qa (canary, schedules)",y("qa"),f),await w(c,"   promote #7 to prod (10 \u2192 50 \u2192 100)",y("prod"),f);let q=await Pt(n,"New pricing code (#8)",wt),$t=await x(n,s,q);await w(c,"4. merge #8 to dev",P(q,$t),f),await w(c,"   promote #8 to qa: fails at the canary",y("qa"),f);let F=await Pt(n,"Revert #8; drop Order.quantity (#9)",vt),_t=await x(n,s,F);await w(c,"5. merge #9 (drops a column) to dev",P(F,_t),f),await w(c,"   promote #9 to qa",y("qa"),f),await w(c,"   promote #9 to prod: blocked",y("prod"),f),await w(c,"6. one-click rollback of prod",d=>X({environment:"prod",force:!1,migrateBack:!1,dryRun:!1,configDir:l,root:u},d),d=>d.outputs.revision?`prod back on ${d.outputs["release-id"]} (${d.outputs.revision})`:bt(d));let k=await W({configDir:l,root:u},c.context());return C(L(T,"status.md"),k.summary),e(`
${J(k.json,c.context().clock.now(),{color:r})}

`),e(`Step summaries (Markdown): ${T}/
${c.summaries.map(d=>`  ${d}`).join(`
`)}
`),e(`
Done in ${(o.total()/1e3).toFixed(1)} s; ${s.registry.calls.length} API calls.
`),{statuses:k.json,summaries:c.summaries,calls:s.registry.calls.length,ms:o.total()}}finally{await a.close(),await s.stop(),await n.stop()}}i(Te,"runDemo");export{Or as demo,Te as runDemo};
