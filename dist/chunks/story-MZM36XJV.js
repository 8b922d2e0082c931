import { createRequire as __runwayRequire } from 'node:module'; import { fileURLToPath as __runwayPath } from 'node:url'; const require = __runwayRequire(import.meta.url); const __filename = __runwayPath(import.meta.url); const __dirname = __runwayPath(new URL('.', import.meta.url));
import{a as G}from"./chunk-Y5OMQQB3.js";import{a as K}from"./chunk-SL6FBS6S.js";import{a as I}from"./chunk-NS6ZATOA.js";import{a as z}from"./chunk-TVB57Y2K.js";import"./chunk-LG44EVSS.js";import"./chunk-PPW2ZCFV.js";import{a as V}from"./chunk-QBZUSEA6.js";import{c as x,d as P}from"./chunk-NIQYHVFW.js";import"./chunk-7NE565Z6.js";import"./chunk-DWITXVW2.js";import{a as X}from"./chunk-DPZRYL3C.js";import"./chunk-E6HFVKQO.js";import"./chunk-AN7XAIEI.js";import"./chunk-ATHYVKPG.js";import"./chunk-6E2VHBAP.js";import{a as W}from"./chunk-5HBCBFJ6.js";import"./chunk-A376CYXN.js";import"./chunk-LJDBOA3N.js";import"./chunk-EU3MMUGL.js";import"./chunk-23O7OMEA.js";import"./chunk-VZFYSEIT.js";import"./chunk-CRJQJJO2.js";import{c as Q}from"./chunk-H6KNPTEP.js";import{d as B}from"./chunk-WAFDNA7O.js";import"./chunk-64ISSCXS.js";import"./chunk-ND5QN7P5.js";import"./chunk-J623PZXJ.js";import"./chunk-MRLFZHJ5.js";import{p as Y,q as J}from"./chunk-2XQH6ED2.js";import"./chunk-NV6RS2QT.js";import"./chunk-7HMADPBF.js";import{d as U}from"./chunk-6YMWXKH7.js";import"./chunk-QSEYP62Q.js";import"./chunk-C4WLCPXN.js";import"./chunk-B2KTGLF7.js";import{a as M}from"./chunk-4NAKAG47.js";import{a as s}from"./chunk-NVX4RI35.js";import{mkdirSync as Pe,rmSync as Se,writeFileSync as C}from"node:fs";import{join as q,resolve as xe}from"node:path";import{join as he}from"node:path";import{createHash as me}from"node:crypto";import{appendFileSync as pe,cpSync as mt,mkdtempSync as de,readFileSync as ue,rmSync as le,writeFileSync as ge}from"node:fs";import{tmpdir as fe}from"node:os";import{join as E,resolve as we}from"node:path";import{spawn as Rt}from"node:child_process";import{accessSync as Dt,constants as At,existsSync as Ct,readdirSync as kt,readFileSync as It,realpathSync as Ot,rmSync as Nt}from"node:fs";import{chown as jt,mkdtemp as qt}from"node:fs/promises";import{tmpdir as Ht}from"node:os";import{delimiter as Ft,dirname as Lt,join as S}from"node:path";var g=class extends M{static{s(this,"LocalSetupError")}constructor(e){super(e,"setup"),this.name="LocalSetupError"}};import{createServer as Tt}from"node:net";function Z(){return new Promise((t,e)=>{let r=Tt();r.unref(),r.on("error",e),r.listen(0,"127.0.0.1",()=>{let o=r.address(),n=typeof o=="object"&&o?o.port:0;r.close(()=>n?t(n):e(new Error("no port assigned")))})})}s(Z,"freePort");var D="postgres",Mt="PostgreSQL server binaries (initdb, postgres) were not found; install them with `apt-get install postgresql-15` or set RUNWAY_PG_BIN to their directory";async function et(t={}){let e=t.log??(()=>{}),r=Gt(),o=Ut(),n=await qt(S(Ht(),"runway-pg-")),i=s(()=>Nt(n,{recursive:!0,force:!0}),"removeDir");try{o&&await jt(n,o.uid,o.gid);let a=S(n,"data");await Bt(r,a,n,o);let{child:m,port:c}=await Vt(r,a,n,o);return e(`postgres ready on 127.0.0.1:${c} (${n})`),Jt(r,a,m,c,i)}catch(a){throw i(),a}}s(et,"startPostgres");function Gt(){let t=[];process.env.RUNWAY_PG_BIN&&t.push(process.env.RUNWAY_PG_BIN);for(let r of(process.env.PATH??"").split(Ft))try{t.push(Lt(Ot(S(r,"initdb"))))}catch{}try{let r=kt("/usr/lib/postgresql").sort((o,n)=>Number(n)-Number(o));t.push(...r.map(o=>`/usr/lib/postgresql/${o}/bin`))}catch{}let e=t.find(r=>tt(S(r,"initdb"))&&tt(S(r,"postgres")));if(!e)throw new g(Mt);return e}s(Gt,"findBinDir");function tt(t){try{return Dt(t,At.X_OK),!0}catch{return!1}}s(tt,"isExecutable");function Ut(){if(process.getuid?.()!==0)return null;let t=It("/etc/passwd","utf8").split(`
`).map(e=>e.split(":"));for(let e of["postgres","nobody"]){let r=t.find(o=>o[0]===e);if(r?.[2]&&r[3])return{uid:Number(r[2]),gid:Number(r[3])}}throw new g("running as root, but neither a `postgres` nor a `nobody` user exists to run PostgreSQL")}s(Ut,"serverIdentity");function rt(t,e){let r={...process.env,LC_ALL:"C",LANG:"C"};return t?{cwd:e,env:r,uid:t.uid,gid:t.gid}:{cwd:e,env:r}}s(rt,"asOwner");async function Bt(t,e,r,o){let n=["-D",e,"-U",D,"--auth=trust","--no-locale","-E","UTF8","--no-sync","--no-instructions"],i=await x(S(t,"initdb"),n,rt(o,r));if(i.code!==0)throw new g(`initdb failed (exit ${i.code}):
${P(i.stderr||i.stdout)}`)}s(Bt,"initdb");async function Vt(t,e,r,o){for(let n=1;;n++){let i=await Z();try{return{child:await Yt(t,e,r,i,o),port:i}}catch(a){if(!(a instanceof g&&/could not (bind|create listen)/i.test(a.message))||n>=3)throw a}}}s(Vt,"launch");function Yt(t,e,r,o,n){let i={listen_addresses:"127.0.0.1",port:String(o),unix_socket_directories:r,fsync:"off",synchronous_commit:"off",full_page_writes:"off"},a=["-D",e,...Object.entries(i).flatMap(([c,p])=>["-c",`${c}=${p}`])],m=Rt(S(t,"postgres"),a,{...rt(n,r),stdio:["ignore","ignore","pipe"]});return new Promise((c,p)=>{let u="",h=setTimeout(()=>y(new g(`postgres did not become ready in 30 s:
${P(u)}`)),3e4),y=s(d=>{clearTimeout(h),m.kill("SIGKILL"),p(d)},"fail"),b=s(d=>y(new g(`postgres exited during startup (${d}):
${P(u)}`)),"exited"),f=s(d=>{u=(u+d.toString()).slice(-2e4),u.includes("ready to accept connections")&&(clearTimeout(h),m.off("exit",b),m.stderr?.off("data",f).on("data",()=>{}),c(m))},"watch");m.on("error",y),m.on("exit",b),m.stderr?.on("data",f)})}s(Yt,"startServer");var O=new Set;process.on("exit",()=>{for(let t of O)t()});function Jt(t,e,r,o,n){let i="postgres",a={PGHOST:"127.0.0.1",PGPORT:String(o),PGUSER:D,PGDATABASE:i},m=s(()=>{r.kill("SIGQUIT"),Kt(S(e,"postmaster.pid"),5e3),n()},"onExit");O.add(m),r.unref(),r.stderr?.unref?.();let c;return{host:"127.0.0.1",port:o,user:D,database:i,url:`postgres://${D}@127.0.0.1:${o}/${i}`,env:a,async createDatabase(p){let u=await x(S(t,"createdb"),[p],{env:{...process.env,...a}});if(u.code!==0)throw new g(`createdb ${p} failed:
${P(u.stderr)}`)},stop(){return c??=Qt(r).then(()=>{O.delete(m),n()}),c}}}s(Jt,"running");function Kt(t,e){let r=new Int32Array(new SharedArrayBuffer(4));for(let o=Date.now()+e;Ct(t)&&Date.now()<o;)Atomics.wait(r,0,0,20)}s(Kt,"waitForFileGone");function Qt(t){return t.exitCode!==null||t.signalCode!==null?Promise.resolve():new Promise(e=>{let r=setTimeout(()=>t.kill("SIGQUIT"),5e3),o=setTimeout(()=>t.kill("SIGKILL"),1e4);t.once("exit",()=>{clearTimeout(r),clearTimeout(o),e()}),t.kill("SIGINT")})}s(Qt,"shutdown");import{createHash as Wt,randomBytes as zt}from"node:crypto";import{existsSync as ot}from"node:fs";import{lstat as Xt,mkdir as Zt,readdir as st,readFile as it,rename as nt,rm as j,writeFile as at}from"node:fs/promises";import{homedir as te}from"node:os";import{basename as ee,join as v}from"node:path";var N=".runway-ready";async function ct(t){let e=t.log??(()=>{}),r=[t.requirementsFile,...t.extraRequirements??[]],[o,...n]=await Promise.all(r.map(y=>it(y,"utf8"))),i=await ne(),a=Wt("sha256").update(`${o}\0${i}`);for(let y of n)a.update(`\0extra\0${y}`);let m=a.digest("hex").slice(0,12),c=t.cacheRoot??re(),p=v(c,`venv-${m}`),u={dir:p,binDir:v(p,"bin"),python:v(p,"bin","python")};if(ot(v(p,N)))return u;await Zt(c,{recursive:!0}),await ae(c,`venv-${m}`);let h=`${p}.tmp-${process.pid}-${zt(4).toString("hex")}`;e(`creating python venv ${p} (python ${i})`);try{await oe(h,r,e),await se(h,p),await at(v(h,N),`${i}
`),await ie(h,p)}finally{await j(h,{recursive:!0,force:!0})}return u}s(ct,"ensureVenv");function re(){let t=process.env.XDG_CACHE_HOME;return v(t||v(te(),".cache"),"runway")}s(re,"defaultCacheRoot");async function ne(){let t=await x("python3",["-c","import platform; print(platform.python_version())"]).catch(e=>{throw e.code!=="ENOENT"?e:new g("python3 was not found on PATH; install it (e.g. `apt-get install python3 python3-venv`)")});if(t.code!==0)throw new g(`python3 does not run:
${P(t.stderr)}`);return t.stdout.trim()}s(ne,"pythonVersion");async function oe(t,e,r){let o=ee(t).replace(/\.tmp-.*$/,""),n=await x("python3",["-m","venv","--prompt",o,t]);if(n.code!==0)throw new g(`python3 -m venv failed (on Debian, \`apt-get install python3-venv\`):
${P(n.stderr)}`);let i=e.flatMap(m=>["-r",m]);r(`pip install ${i.join(" ")}`);let a=await x(v(t,"bin","python"),["-m","pip","install","--retries","0",...i],{env:{...process.env,PIP_DISABLE_PIP_VERSION_CHECK:"1"}});if(a.code!==0)throw new g(`pip install ${i.join(" ")} failed (exit ${a.code}):
${P(a.stderr)}`)}s(oe,"build");async function se(t,e){let r=v(t,"bin"),o=(await st(r)).map(n=>v(r,n));for(let n of[...o,v(t,"pyvenv.cfg")]){let i=await Xt(n);if(!i.isFile()||i.size>1e6)continue;let a=await it(n,"utf8");a.includes(t)&&await at(n,a.replaceAll(t,e))}}s(se,"relocate");async function ie(t,e){try{await nt(t,e)}catch(r){let o=r.code;if(o!=="ENOTEMPTY"&&o!=="EEXIST")throw r;if(ot(v(e,N)))return;await j(e,{recursive:!0,force:!0}),await nt(t,e)}}s(ie,"publish");async function ae(t,e){for(let r of await st(t)){let o=r.startsWith(`${e}.tmp-`)?/^(\d+)-/.exec(r.slice(e.length+5)):null;o?.[1]&&!ce(Number(o[1]))&&await j(v(t,r),{recursive:!0,force:!0})}}s(ae,"removeAbandonedBuilds");function ce(t){try{return process.kill(t,0),!0}catch(e){return e.code==="EPERM"}}s(ce,"isAlive");var pt=we("test/fixtures/django-app"),dt=["dev","qa","prod"],ve="asia-northeast3-docker.pkg.dev/demo-project/app/web";function ye(t,e){return t.replace(/^ {2}env:\n/m,`  env:
    PGDATABASE: runway_${e}
`)}s(ye,"pointAtDatabase");async function ut(t){let e=de(E(fe(),"runway-demo-")),r=await ct({requirementsFile:E(pt,"requirements.txt"),log:t}),o=await et({log:t});try{for(let m of dt)await o.createDatabase(`runway_${m}`);let n=E(e,"app");mt(pt,n,{recursive:!0,filter:s(m=>!m.includes("__pycache__"),"filter")});let i=V(n);await i.init(["--initial-branch=main"]).addConfig("user.email","demo@runway.local").addConfig("user.name","Runway demo"),await i.add(".").commit("Initial shop app");let a=n;mt("environments",E(a,"environments"),{recursive:!0}),pe(E(n,".git","info","exclude"),`/environments/
`);for(let m of dt){let c=E(a,"environments",`${m}.yaml`);ge(c,ye(ue(c,"utf8"),m))}return{venv:r,pg:o,repo:{dir:n,git:i},workspace:a,temp:e,async stop(){await o.stop(),le(e,{recursive:!0,force:!0})}}}catch(n){throw await o.stop(),n}}s(ut,"setUpStage");function lt(t){return`${ve}@sha256:${me("sha256").update(t).digest("hex")}`}s(lt,"imageFor");async function $(t,e,r,o={}){let n=he(t.temp,"images",r.slice(0,12));await t.repo.git.raw(["worktree","add","--detach",n,r]);let i=lt(r),a={image:i,command:["/bin/sh","-c",`exec "${t.venv.binDir}/gunicorn" --bind "127.0.0.1:$PORT" --workers 1 config.wsgi`],cwd:n,env:{PATH:`${t.venv.binDir}:${process.env.PATH??""}`,PYTHONDONTWRITEBYTECODE:"1",...t.pg.env,...o}},m=await fetch(`${e.http}/_emulator/images`,{method:"POST",body:JSON.stringify(a)});if(!m.ok)throw new Error(`registering ${i} failed: ${await m.text()}`);return i}s($,"publish");var gt=`from django.db import models


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
`};var yt=s(t=>`(waited ${U(t)} of canary time, simulated)`,"waitedNote"),A=class{constructor(e=r=>process.stdout.write(`${r}
`)){this.write=e}write;static{s(this,"Timeline")}started=Date.now();steps=[];pending;waitedMs=0;async step(e,r,o){let n=Date.now(),i=[];this.pending=i,this.waitedMs=0;let a;try{a=await r()}finally{this.pending=void 0}this.waitedMs&&i.unshift(yt(this.waitedMs));let m=Date.now()-n,c=o(a);this.steps.push({title:e,ms:m,detail:c,notes:i}),this.write(`${e.padEnd(52)} ${String(m).padStart(6)} ms  ${c}`);for(let p of i)this.write(`      ${p}`);return a}waited(e){this.pending?this.waitedMs+=e:this.write(`      ${yt(e)}`)}note(e){this.pending?this.pending.push(e):this.write(`      ${e}`)}total(){return Date.now()-this.started}};function ht(t,e=2e3){let r=0;return{now:s(()=>new Date(Date.now()+r),"now"),sleep:s(async o=>{if(o<=e)return new Promise(n=>setTimeout(n,o));r+=o,t(o)},"sleep")}}s(ht,"demoClock");var T=xe(".runway/demo");async function w(t,e,r,o){let n=t.context(),i=q(T,`${String(t.summaries.length+1).padStart(2,"0")}-${e.replace(/^\s*\d+\.\s*/,"").trim().toLowerCase().replace(/[^a-z0-9]+/g,"-").replace(/^-|-$/g,"")}.md`);return t.timeline.step(e,async()=>{try{let a=await r(n);return C(i,a.summary),t.summaries.push(i),a}catch(a){return C(i,a.summary??`${a.message}
`),t.summaries.push(i),{outputs:{},summary:"",json:{error:a.message}}}},o)}s(w,"act");var bt=s(t=>{let e=String(t.json.error??"").split(`
`)[0]??"";return/failed at (traffic|smoke)/.test(e)?`${e.replace(/ \(http[^)]*\)/g,"")} \u2192 traffic restored automatically`:`refused: ${e}`},"failure");async function St(t,e,r){for(let[o,n]of Object.entries(r))C(q(t.repo.dir,o),n);return await t.repo.git.add(Object.keys(r)).commit(e),(await t.repo.git.revparse(["HEAD"])).trim()}s(St,"commit");async function Ee(t,e,r,o){await t.repo.git.checkoutLocalBranch(e);let n=await St(t,r,o);return await t.repo.git.checkout(_e),n}s(Ee,"branchCommit");async function $e(t,e,r){return await t.repo.git.merge(["--no-ff","-m",r,e]),(await t.repo.git.revparse(["HEAD"])).trim()}s($e,"merge");var Pt=s((t,e,r)=>St(t,e,r),"commitOnMain"),_e="main";async function Or(){return await Te(),0}s(Or,"demo");async function Te(t={}){let e=t.write??(d=>process.stdout.write(d)),r=t.color??(t.write?!1:Y(process.stdout));Se(T,{recursive:!0,force:!0}),Pe(T,{recursive:!0});let o=new A(d=>e(`${d}
`));e(`Runway demo: the sample Django app from pull request to production and back, on the embedded emulator.

`);let n=await ut(()=>{}),i=await G(),a=Q({emulatorHost:i.grpc}),m=ht(d=>o.waited(d)),c={stage:n,timeline:o,summaries:[],context:s(()=>({logger:new B,clock:m,clients:s(()=>a,"clients"),fetch,env:{PATH:process.env.PATH,HOME:process.env.HOME,DATABASE_URL:n.pg.url}}),"context")},p=n.workspace,u="environments",h={projectDir:n.repo.dir,allow:[],python:n.venv.python},y=s((d,_)=>R=>K({environment:"dev",image:_,commit:d,dryRun:!1,configDir:u,root:p,gate:h},R),"deploy"),b=s(d=>_=>z({to:d,dryRun:!1,configDir:u,root:p,gate:h},_),"promoteTo"),f=s(d=>d.outputs.revision?`${d.outputs["release-id"]} live on ${d.outputs.revision}`:bt(d),"released");try{let d=(await n.repo.git.revparse(["HEAD"])).trim(),_=await $(n,i,d);await w(c,"0. bootstrap: main to dev",y(d,_),f),await w(c,"   bootstrap: promote to qa",b("qa"),f),await w(c,"   bootstrap: promote to prod",b("prod"),f);let R=await Ee(n,"feature/description","Add a product description (#7)",ft),xt=await $(n,i,R);await w(c,"1. PR #7 opened: preview",l=>I({action:"deploy",pr:"7",image:xt,commit:R,fork:!1,environment:"dev",configDir:u,root:p},l),l=>`${l.outputs.url}`);let H=await $e(n,"feature/description","Merge pull request #7"),Et=await $(n,i,H);await w(c,"2. merge #7: gate, migrate, deploy dev",y(H,Et),f),await w(c,"   PR #7 closed: preview removed",l=>I({action:"cleanup",pr:"7",fork:!1,environment:"dev",configDir:u,root:p},l),l=>`deleted ${l.outputs.deleted||"nothing"}`),await w(c,"3. promote #7 to qa (canary, schedules)",b("qa"),f),await w(c,"   promote #7 to prod (10 \u2192 50 \u2192 100)",b("prod"),f);let F=await Pt(n,"New pricing code (#8)",wt),$t=await $(n,i,F);await w(c,"4. merge #8 to dev",y(F,$t),f),await w(c,"   promote #8 to qa: fails at the canary",b("qa"),f);let L=await Pt(n,"Revert #8; drop Order.quantity (#9)",vt),_t=await $(n,i,L);await w(c,"5. merge #9 (drops a column) to dev",y(L,_t),f),await w(c,"   promote #9 to qa",b("qa"),f),await w(c,"   promote #9 to prod: blocked",b("prod"),f),await w(c,"6. one-click rollback of prod",l=>X({environment:"prod",force:!1,migrateBack:!1,dryRun:!1,configDir:u,root:p},l),l=>l.outputs.revision?`prod back on ${l.outputs["release-id"]} (${l.outputs.revision})`:bt(l));let k=await W({configDir:u,root:p},c.context());return C(q(T,"status.md"),k.summary),e(`
${J(k.json,c.context().clock.now(),{color:r})}

`),e(`Step summaries (Markdown): ${T}/
${c.summaries.map(l=>`  ${l}`).join(`
`)}
`),e(`
Done in ${(o.total()/1e3).toFixed(1)} s; ${i.registry.calls.length} API calls.
`),{statuses:k.json,summaries:c.summaries,calls:i.registry.calls.length,ms:o.total()}}finally{await a.close(),await i.stop(),await n.stop()}}s(Te,"runDemo");export{Or as demo,Te as runDemo};
