import { createRequire as __runwayRequire } from 'node:module'; import { fileURLToPath as __runwayPath } from 'node:url'; const require = __runwayRequire(import.meta.url); const __filename = __runwayPath(import.meta.url); const __dirname = __runwayPath(new URL('.', import.meta.url));
import{a as M}from"./chunk-SUYXKLRB.js";import{a as I}from"./chunk-WVZSI7CA.js";import{a as W}from"./chunk-6HIOGIA2.js";import{f as J}from"./chunk-FJY4XDRZ.js";import"./chunk-IB4BLFVY.js";import{a as Y}from"./chunk-YT44AREQ.js";import{c as x,d as P}from"./chunk-HPW4XK4Q.js";import"./chunk-O32O7O65.js";import"./chunk-BZ6IN25H.js";import{a as z}from"./chunk-DRSSY7P6.js";import"./chunk-B2U2Y7C3.js";import"./chunk-LXAGSIIK.js";import"./chunk-XXEFHFGF.js";import"./chunk-XD6ZWDIY.js";import{g as U,h as V}from"./chunk-OEJMHXIJ.js";import{a as Q}from"./chunk-HBRGJAEL.js";import"./chunk-IKH7BY5K.js";import"./chunk-2BQE4HKW.js";import"./chunk-AH6OHTLA.js";import"./chunk-5BZMBTTE.js";import"./chunk-OS7RIS4F.js";import"./chunk-Z3XDH3KX.js";import{c as K}from"./chunk-MXUY2CKY.js";import{d as B}from"./chunk-TTZWETB5.js";import"./chunk-F24QNF3H.js";import"./chunk-4SIY24M6.js";import"./chunk-F7TUKXPH.js";import"./chunk-GT2I6IB5.js";import"./chunk-QGCJDFL3.js";import{c as G}from"./chunk-4EV74N5F.js";import"./chunk-7HMADPBF.js";import"./chunk-QSEYP62Q.js";import"./chunk-BZJYNCUY.js";import"./chunk-7ZEJBHIX.js";import"./chunk-SHKZWYP4.js";import"./chunk-4O2RS27C.js";import{a as i}from"./chunk-NVX4RI35.js";import{mkdirSync as be,rmSync as Pe,writeFileSync as C}from"node:fs";import{join as q,resolve as Se}from"node:path";import{join as ye}from"node:path";import{createHash as ce}from"node:crypto";import{appendFileSync as me,cpSync as ct,mkdtempSync as pe,readFileSync as de,rmSync as ue,writeFileSync as le}from"node:fs";import{tmpdir as ge}from"node:os";import{join as E,resolve as fe}from"node:path";import{spawn as Tt}from"node:child_process";import{accessSync as Rt,constants as Dt,existsSync as At,readdirSync as Ct,readFileSync as kt,realpathSync as It,rmSync as Ot}from"node:fs";import{chown as Nt,mkdtemp as jt}from"node:fs/promises";import{tmpdir as qt}from"node:os";import{delimiter as Ht,dirname as Ft,join as S}from"node:path";var g=class extends Error{static{i(this,"LocalSetupError")}name="LocalSetupError"};import{createServer as _t}from"node:net";function X(){return new Promise((t,e)=>{let r=_t();r.unref(),r.on("error",e),r.listen(0,"127.0.0.1",()=>{let o=r.address(),n=typeof o=="object"&&o?o.port:0;r.close(()=>n?t(n):e(new Error("no port assigned")))})})}i(X,"freePort");var D="postgres",Lt="PostgreSQL server binaries (initdb, postgres) were not found; install them with `apt-get install postgresql-15` or set RUNWAY_PG_BIN to their directory";async function tt(t={}){let e=t.log??(()=>{}),r=Mt(),o=Gt(),n=await jt(S(qt(),"runway-pg-")),s=i(()=>Ot(n,{recursive:!0,force:!0}),"removeDir");try{o&&await Nt(n,o.uid,o.gid);let a=S(n,"data");await Bt(r,a,n,o);let{child:m,port:c}=await Ut(r,a,n,o);return e(`postgres ready on 127.0.0.1:${c} (${n})`),Yt(r,a,m,c,s)}catch(a){throw s(),a}}i(tt,"startPostgres");function Mt(){let t=[];process.env.RUNWAY_PG_BIN&&t.push(process.env.RUNWAY_PG_BIN);for(let r of(process.env.PATH??"").split(Ht))try{t.push(Ft(It(S(r,"initdb"))))}catch{}try{let r=Ct("/usr/lib/postgresql").sort((o,n)=>Number(n)-Number(o));t.push(...r.map(o=>`/usr/lib/postgresql/${o}/bin`))}catch{}let e=t.find(r=>Z(S(r,"initdb"))&&Z(S(r,"postgres")));if(!e)throw new g(Lt);return e}i(Mt,"findBinDir");function Z(t){try{return Rt(t,Dt.X_OK),!0}catch{return!1}}i(Z,"isExecutable");function Gt(){if(process.getuid?.()!==0)return null;let t=kt("/etc/passwd","utf8").split(`
`).map(e=>e.split(":"));for(let e of["postgres","nobody"]){let r=t.find(o=>o[0]===e);if(r?.[2]&&r[3])return{uid:Number(r[2]),gid:Number(r[3])}}throw new g("running as root, but neither a `postgres` nor a `nobody` user exists to run PostgreSQL")}i(Gt,"serverIdentity");function et(t,e){let r={...process.env,LC_ALL:"C",LANG:"C"};return t?{cwd:e,env:r,uid:t.uid,gid:t.gid}:{cwd:e,env:r}}i(et,"asOwner");async function Bt(t,e,r,o){let n=["-D",e,"-U",D,"--auth=trust","--no-locale","-E","UTF8","--no-sync","--no-instructions"],s=await x(S(t,"initdb"),n,et(o,r));if(s.code!==0)throw new g(`initdb failed (exit ${s.code}):
${P(s.stderr||s.stdout)}`)}i(Bt,"initdb");async function Ut(t,e,r,o){for(let n=1;;n++){let s=await X();try{return{child:await Vt(t,e,r,s,o),port:s}}catch(a){if(!(a instanceof g&&/could not (bind|create listen)/i.test(a.message))||n>=3)throw a}}}i(Ut,"launch");function Vt(t,e,r,o,n){let s={listen_addresses:"127.0.0.1",port:String(o),unix_socket_directories:r,fsync:"off",synchronous_commit:"off",full_page_writes:"off"},a=["-D",e,...Object.entries(s).flatMap(([c,p])=>["-c",`${c}=${p}`])],m=Tt(S(t,"postgres"),a,{...et(n,r),stdio:["ignore","ignore","pipe"]});return new Promise((c,p)=>{let u="",h=setTimeout(()=>y(new g(`postgres did not become ready in 30 s:
${P(u)}`)),3e4),y=i(d=>{clearTimeout(h),m.kill("SIGKILL"),p(d)},"fail"),b=i(d=>y(new g(`postgres exited during startup (${d}):
${P(u)}`)),"exited"),f=i(d=>{u=(u+d.toString()).slice(-2e4),u.includes("ready to accept connections")&&(clearTimeout(h),m.off("exit",b),m.stderr?.off("data",f).on("data",()=>{}),c(m))},"watch");m.on("error",y),m.on("exit",b),m.stderr?.on("data",f)})}i(Vt,"startServer");var O=new Set;process.on("exit",()=>{for(let t of O)t()});function Yt(t,e,r,o,n){let s="postgres",a={PGHOST:"127.0.0.1",PGPORT:String(o),PGUSER:D,PGDATABASE:s},m=i(()=>{r.kill("SIGQUIT"),Jt(S(e,"postmaster.pid"),5e3),n()},"onExit");O.add(m),r.unref(),r.stderr?.unref?.();let c;return{host:"127.0.0.1",port:o,user:D,database:s,url:`postgres://${D}@127.0.0.1:${o}/${s}`,env:a,async createDatabase(p){let u=await x(S(t,"createdb"),[p],{env:{...process.env,...a}});if(u.code!==0)throw new g(`createdb ${p} failed:
${P(u.stderr)}`)},stop(){return c??=Kt(r).then(()=>{O.delete(m),n()}),c}}}i(Yt,"running");function Jt(t,e){let r=new Int32Array(new SharedArrayBuffer(4));for(let o=Date.now()+e;At(t)&&Date.now()<o;)Atomics.wait(r,0,0,20)}i(Jt,"waitForFileGone");function Kt(t){return t.exitCode!==null||t.signalCode!==null?Promise.resolve():new Promise(e=>{let r=setTimeout(()=>t.kill("SIGQUIT"),5e3),o=setTimeout(()=>t.kill("SIGKILL"),1e4);t.once("exit",()=>{clearTimeout(r),clearTimeout(o),e()}),t.kill("SIGINT")})}i(Kt,"shutdown");import{createHash as Qt,randomBytes as Wt}from"node:crypto";import{existsSync as nt}from"node:fs";import{lstat as zt,mkdir as Xt,readdir as ot,readFile as it,rename as rt,rm as j,writeFile as st}from"node:fs/promises";import{homedir as Zt}from"node:os";import{basename as te,join as v}from"node:path";var N=".runway-ready";async function at(t){let e=t.log??(()=>{}),r=[t.requirementsFile,...t.extraRequirements??[]],[o,...n]=await Promise.all(r.map(y=>it(y,"utf8"))),s=await re(),a=Qt("sha256").update(`${o}\0${s}`);for(let y of n)a.update(`\0extra\0${y}`);let m=a.digest("hex").slice(0,12),c=t.cacheRoot??ee(),p=v(c,`venv-${m}`),u={dir:p,binDir:v(p,"bin"),python:v(p,"bin","python")};if(nt(v(p,N)))return u;await Xt(c,{recursive:!0}),await se(c,`venv-${m}`);let h=`${p}.tmp-${process.pid}-${Wt(4).toString("hex")}`;e(`creating python venv ${p} (python ${s})`);try{await ne(h,r,e),await oe(h,p),await st(v(h,N),`${s}
`),await ie(h,p)}finally{await j(h,{recursive:!0,force:!0})}return u}i(at,"ensureVenv");function ee(){let t=process.env.XDG_CACHE_HOME;return v(t||v(Zt(),".cache"),"runway")}i(ee,"defaultCacheRoot");async function re(){let t=await x("python3",["-c","import platform; print(platform.python_version())"]).catch(e=>{throw e.code!=="ENOENT"?e:new g("python3 was not found on PATH; install it (e.g. `apt-get install python3 python3-venv`)")});if(t.code!==0)throw new g(`python3 does not run:
${P(t.stderr)}`);return t.stdout.trim()}i(re,"pythonVersion");async function ne(t,e,r){let o=te(t).replace(/\.tmp-.*$/,""),n=await x("python3",["-m","venv","--prompt",o,t]);if(n.code!==0)throw new g(`python3 -m venv failed (on Debian, \`apt-get install python3-venv\`):
${P(n.stderr)}`);let s=e.flatMap(m=>["-r",m]);r(`pip install ${s.join(" ")}`);let a=await x(v(t,"bin","python"),["-m","pip","install","--retries","0",...s],{env:{...process.env,PIP_DISABLE_PIP_VERSION_CHECK:"1"}});if(a.code!==0)throw new g(`pip install ${s.join(" ")} failed (exit ${a.code}):
${P(a.stderr)}`)}i(ne,"build");async function oe(t,e){let r=v(t,"bin"),o=(await ot(r)).map(n=>v(r,n));for(let n of[...o,v(t,"pyvenv.cfg")]){let s=await zt(n);if(!s.isFile()||s.size>1e6)continue;let a=await it(n,"utf8");a.includes(t)&&await st(n,a.replaceAll(t,e))}}i(oe,"relocate");async function ie(t,e){try{await rt(t,e)}catch(r){let o=r.code;if(o!=="ENOTEMPTY"&&o!=="EEXIST")throw r;if(nt(v(e,N)))return;await j(e,{recursive:!0,force:!0}),await rt(t,e)}}i(ie,"publish");async function se(t,e){for(let r of await ot(t)){let o=r.startsWith(`${e}.tmp-`)?/^(\d+)-/.exec(r.slice(e.length+5)):null;o?.[1]&&!ae(Number(o[1]))&&await j(v(t,r),{recursive:!0,force:!0})}}i(se,"removeAbandonedBuilds");function ae(t){try{return process.kill(t,0),!0}catch(e){return e.code==="EPERM"}}i(ae,"isAlive");var mt=fe("test/fixtures/django-app"),pt=["dev","qa","prod"],we="asia-northeast3-docker.pkg.dev/demo-project/app/web";function ve(t,e){return t.replace(/^ {2}env:\n/m,`  env:
    PGDATABASE: runway_${e}
`)}i(ve,"pointAtDatabase");async function dt(t){let e=pe(E(ge(),"runway-demo-")),r=await at({requirementsFile:E(mt,"requirements.txt"),log:t}),o=await tt({log:t});try{for(let m of pt)await o.createDatabase(`runway_${m}`);let n=E(e,"app");ct(mt,n,{recursive:!0,filter:i(m=>!m.includes("__pycache__"),"filter")});let s=Y(n);await s.init(["--initial-branch=main"]).addConfig("user.email","demo@runway.local").addConfig("user.name","Runway demo"),await s.add(".").commit("Initial shop app");let a=n;ct("environments",E(a,"environments"),{recursive:!0}),me(E(n,".git","info","exclude"),`/environments/
`);for(let m of pt){let c=E(a,"environments",`${m}.yaml`);le(c,ve(de(c,"utf8"),m))}return{venv:r,pg:o,repo:{dir:n,git:s},workspace:a,temp:e,async stop(){await o.stop(),ue(e,{recursive:!0,force:!0})}}}catch(n){throw await o.stop(),n}}i(dt,"setUpStage");function ut(t){return`${we}@sha256:${ce("sha256").update(t).digest("hex")}`}i(ut,"imageFor");async function $(t,e,r,o={}){let n=ye(t.temp,"images",r.slice(0,12));await t.repo.git.raw(["worktree","add","--detach",n,r]);let s=ut(r),a={image:s,command:["/bin/sh","-c",`exec "${t.venv.binDir}/gunicorn" --bind "127.0.0.1:$PORT" --workers 1 config.wsgi`],cwd:n,env:{PATH:`${t.venv.binDir}:${process.env.PATH??""}`,PYTHONDONTWRITEBYTECODE:"1",...t.pg.env,...o}},m=await fetch(`${e.http}/_emulator/images`,{method:"POST",body:JSON.stringify(a)});if(!m.ok)throw new Error(`registering ${s} failed: ${await m.text()}`);return s}i($,"publish");var lt=`from django.db import models


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
`},he=`import os

from django.http import HttpResponse, JsonResponse

from shop.models import Product


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def index(request):
    return JsonResponse({"products": Product.objects.count(), "release": os.environ.get("RELEASE")})
`,wt={"shop/views.py":he,"shop/models.py":`${lt}    created_at = models.DateTimeField(auto_now_add=True)
`,"shop/migrations/0003_remove_order_quantity.py":`from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_product_description")]

    operations = [
        migrations.RemoveField(model_name="order", name="quantity"),
    ]
`};var vt=i(t=>`(waited ${G(t)} of canary time, simulated)`,"waitedNote"),A=class{constructor(e=r=>process.stdout.write(`${r}
`)){this.write=e}write;static{i(this,"Timeline")}started=Date.now();steps=[];pending;waitedMs=0;async step(e,r,o){let n=Date.now(),s=[];this.pending=s,this.waitedMs=0;let a;try{a=await r()}finally{this.pending=void 0}this.waitedMs&&s.unshift(vt(this.waitedMs));let m=Date.now()-n,c=o(a);this.steps.push({title:e,ms:m,detail:c,notes:s}),this.write(`${e.padEnd(52)} ${String(m).padStart(6)} ms  ${c}`);for(let p of s)this.write(`      ${p}`);return a}waited(e){this.pending?this.waitedMs+=e:this.write(`      ${vt(e)}`)}note(e){this.pending?this.pending.push(e):this.write(`      ${e}`)}total(){return Date.now()-this.started}};function yt(t,e=2e3){let r=0;return{now:i(()=>new Date(Date.now()+r),"now"),sleep:i(async o=>{if(o<=e)return new Promise(n=>setTimeout(n,o));r+=o,t(o)},"sleep")}}i(yt,"demoClock");var T=Se(".runway/demo");async function w(t,e,r,o){let n=t.context(),s=q(T,`${String(t.summaries.length+1).padStart(2,"0")}-${e.replace(/^\s*\d+\.\s*/,"").trim().toLowerCase().replace(/[^a-z0-9]+/g,"-").replace(/^-|-$/g,"")}.md`);return t.timeline.step(e,async()=>{try{let a=await r(n);return C(s,a.summary),t.summaries.push(s),a}catch(a){return C(s,a.summary??`${a.message}
`),t.summaries.push(s),{outputs:{},summary:"",json:{error:a.message}}}},o)}i(w,"act");var ht=i(t=>{let e=String(t.json.error??"").split(`
`)[0]??"";return/failed at (traffic|smoke)/.test(e)?`${e.replace(/ \(http[^)]*\)/g,"")} \u2192 traffic restored automatically`:`refused: ${e}`},"failure");async function Pt(t,e,r){for(let[o,n]of Object.entries(r))C(q(t.repo.dir,o),n);return await t.repo.git.add(Object.keys(r)).commit(e),(await t.repo.git.revparse(["HEAD"])).trim()}i(Pt,"commit");async function xe(t,e,r,o){await t.repo.git.checkoutLocalBranch(e);let n=await Pt(t,r,o);return await t.repo.git.checkout($e),n}i(xe,"branchCommit");async function Ee(t,e,r){return await t.repo.git.merge(["--no-ff","-m",r,e]),(await t.repo.git.revparse(["HEAD"])).trim()}i(Ee,"merge");var bt=i((t,e,r)=>Pt(t,e,r),"commitOnMain"),$e="main";async function kr(){return await _e(),0}i(kr,"demo");async function _e(t={}){let e=t.write??(d=>process.stdout.write(d)),r=t.color??(t.write?!1:U(process.stdout));Pe(T,{recursive:!0,force:!0}),be(T,{recursive:!0});let o=new A(d=>e(`${d}
`));e(`Runway demo: the sample Django app from pull request to production and back, on the embedded emulator.

`);let n=await dt(()=>{}),s=await M(),a=K({emulatorHost:s.grpc}),m=yt(d=>o.waited(d)),c={stage:n,timeline:o,summaries:[],context:i(()=>({logger:new B,clock:m,clients:i(()=>a,"clients"),fetch,env:{PATH:process.env.PATH,HOME:process.env.HOME,DATABASE_URL:n.pg.url}}),"context")},p=n.workspace,u="environments",h={projectDir:n.repo.dir,allow:[],python:n.venv.python},y=i((d,_)=>R=>J({environment:"dev",image:_,commit:d,dryRun:!1,configDir:u,root:p,gate:h},R),"deploy"),b=i(d=>_=>W({to:d,dryRun:!1,configDir:u,root:p,gate:h},_),"promoteTo"),f=i(d=>d.outputs.revision?`${d.outputs["release-id"]} live on ${d.outputs.revision}`:ht(d),"released");try{let d=(await n.repo.git.revparse(["HEAD"])).trim(),_=await $(n,s,d);await w(c,"0. bootstrap: main to dev",y(d,_),f),await w(c,"   bootstrap: promote to qa",b("qa"),f),await w(c,"   bootstrap: promote to prod",b("prod"),f);let R=await xe(n,"feature/description","Add a product description (#7)",gt),St=await $(n,s,R);await w(c,"1. PR #7 opened: preview",l=>I({action:"deploy",pr:"7",image:St,commit:R,fork:!1,environment:"dev",configDir:u,root:p},l),l=>`${l.outputs.url}`);let H=await Ee(n,"feature/description","Merge pull request #7"),xt=await $(n,s,H);await w(c,"2. merge #7: gate, migrate, deploy dev",y(H,xt),f),await w(c,"   PR #7 closed: preview removed",l=>I({action:"cleanup",pr:"7",fork:!1,environment:"dev",configDir:u,root:p},l),l=>`deleted ${l.outputs.deleted||"nothing"}`),await w(c,"3. promote #7 to qa (canary, schedules)",b("qa"),f),await w(c,"   promote #7 to prod (10 \u2192 50 \u2192 100)",b("prod"),f);let F=await bt(n,"New pricing code (#8)",ft),Et=await $(n,s,F);await w(c,"4. merge #8 to dev",y(F,Et),f),await w(c,"   promote #8 to qa: fails at the canary",b("qa"),f);let L=await bt(n,"Revert #8; drop Order.quantity (#9)",wt),$t=await $(n,s,L);await w(c,"5. merge #9 (drops a column) to dev",y(L,$t),f),await w(c,"   promote #9 to qa",b("qa"),f),await w(c,"   promote #9 to prod: blocked",b("prod"),f),await w(c,"6. one-click rollback of prod",l=>z({environment:"prod",force:!1,migrateBack:!1,dryRun:!1,configDir:u,root:p},l),l=>l.outputs.revision?`prod back on ${l.outputs["release-id"]} (${l.outputs.revision})`:ht(l));let k=await Q({configDir:u,root:p},c.context());return C(q(T,"status.md"),k.summary),e(`
${V(k.json,c.context().clock.now(),{color:r})}

`),e(`Step summaries (Markdown): ${T}/
${c.summaries.map(l=>`  ${l}`).join(`
`)}
`),e(`
Done in ${(o.total()/1e3).toFixed(1)} s; ${s.registry.calls.length} API calls.
`),{statuses:k.json,summaries:c.summaries,calls:s.registry.calls.length,ms:o.total()}}finally{await a.close(),await s.stop(),await n.stop()}}i(_e,"runDemo");export{kr as demo,_e as runDemo};
