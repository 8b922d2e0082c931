import { createRequire as __runwayRequire } from 'node:module'; import { fileURLToPath as __runwayPath } from 'node:url'; const require = __runwayRequire(import.meta.url); const __filename = __runwayPath(import.meta.url); const __dirname = __runwayPath(new URL('.', import.meta.url));
import{a as q}from"./chunk-AQ6Q5KEG.js";import{a as M}from"./chunk-JMT7CJQ5.js";import{a as C}from"./chunk-6MT5JQJB.js";import{a as Y}from"./chunk-N2RFJHMU.js";import"./chunk-KIND62ET.js";import{a as G}from"./chunk-ERWCXJVT.js";import{c as E,d as v}from"./chunk-UTGCJBBM.js";import"./chunk-YHMGUYCM.js";import"./chunk-IOJRKKYC.js";import{a as J}from"./chunk-6SF5CHOT.js";import"./chunk-SH4OW7WB.js";import"./chunk-VFS6N6IX.js";import"./chunk-7IW6CBJ3.js";import"./chunk-BVPNOOBD.js";import"./chunk-IZQVQ4BH.js";import{a as V}from"./chunk-35ILI6F6.js";import"./chunk-XIZO4G2C.js";import"./chunk-HOSRWMDL.js";import"./chunk-YJQXWKTS.js";import"./chunk-L7R63GFQ.js";import"./chunk-O3Y5WUIR.js";import"./chunk-Z3XDH3KX.js";import{b as B}from"./chunk-44HWTU7B.js";import"./chunk-4DXVWTBU.js";import"./chunk-TWWWETVY.js";import"./chunk-TPYSTGJ6.js";import{c as F}from"./chunk-35FPHTVB.js";import"./chunk-2UYZYTLP.js";import{c as U}from"./chunk-R6FJZV2C.js";import"./chunk-VGCYXHH5.js";import"./chunk-GAL6MMOV.js";import"./chunk-UEMIN3QE.js";import{a as s}from"./chunk-NVX4RI35.js";import{mkdirSync as le,rmSync as ge,writeFileSync as D}from"node:fs";import{join as N,resolve as fe}from"node:path";import{join as de}from"node:path";import{createHash as re}from"node:crypto";import{cpSync as ot,mkdtempSync as ne,readFileSync as oe,rmSync as se,writeFileSync as ie}from"node:fs";import{tmpdir as ae}from"node:os";import{join as x,resolve as ce}from"node:path";import{spawn as bt}from"node:child_process";import{accessSync as St,constants as Et,existsSync as xt,readdirSync as $t,readFileSync as _t,realpathSync as Tt,rmSync as Rt}from"node:fs";import{chown as Dt,mkdtemp as At}from"node:fs/promises";import{tmpdir as Ct}from"node:os";import{delimiter as kt,dirname as It,join as h}from"node:path";var l=class extends Error{static{s(this,"LocalSetupError")}name="LocalSetupError"};import{createServer as Pt}from"node:net";function K(){return new Promise((t,e)=>{let r=Pt();r.unref(),r.on("error",e),r.listen(0,"127.0.0.1",()=>{let n=r.address(),i=typeof n=="object"&&n?n.port:0;r.close(()=>i?t(i):e(new Error("no port assigned")))})})}s(K,"freePort");var T="postgres",Ot="PostgreSQL server binaries (initdb, postgres) were not found; install them with `apt-get install postgresql-15` or set RUNWAY_PG_BIN to their directory";async function W(t={}){let e=t.log??(()=>{}),r=Nt(),n=Ht(),i=await At(h(Ct(),"runway-pg-")),o=s(()=>Rt(i,{recursive:!0,force:!0}),"removeDir");try{n&&await Dt(i,n.uid,n.gid);let a=h(i,"data");await Lt(r,a,i,n);let{child:c,port:m}=await jt(r,a,i,n);return e(`postgres ready on 127.0.0.1:${m} (${i})`),Ft(r,a,c,m,o)}catch(a){throw o(),a}}s(W,"startPostgres");function Nt(){let t=[];process.env.RUNWAY_PG_BIN&&t.push(process.env.RUNWAY_PG_BIN);for(let r of(process.env.PATH??"").split(kt))try{t.push(It(Tt(h(r,"initdb"))))}catch{}try{let r=$t("/usr/lib/postgresql").sort((n,i)=>Number(i)-Number(n));t.push(...r.map(n=>`/usr/lib/postgresql/${n}/bin`))}catch{}let e=t.find(r=>Q(h(r,"initdb"))&&Q(h(r,"postgres")));if(!e)throw new l(Ot);return e}s(Nt,"findBinDir");function Q(t){try{return St(t,Et.X_OK),!0}catch{return!1}}s(Q,"isExecutable");function Ht(){if(process.getuid?.()!==0)return null;let t=_t("/etc/passwd","utf8").split(`
`).map(e=>e.split(":"));for(let e of["postgres","nobody"]){let r=t.find(n=>n[0]===e);if(r?.[2]&&r[3])return{uid:Number(r[2]),gid:Number(r[3])}}throw new l("running as root, but neither a `postgres` nor a `nobody` user exists to run PostgreSQL")}s(Ht,"serverIdentity");function z(t,e){let r={...process.env,LC_ALL:"C",LANG:"C"};return t?{cwd:e,env:r,uid:t.uid,gid:t.gid}:{cwd:e,env:r}}s(z,"asOwner");async function Lt(t,e,r,n){let i=["-D",e,"-U",T,"--auth=trust","--no-locale","-E","UTF8","--no-sync","--no-instructions"],o=await E(h(t,"initdb"),i,z(n,r));if(o.code!==0)throw new l(`initdb failed (exit ${o.code}):
${v(o.stderr||o.stdout)}`)}s(Lt,"initdb");async function jt(t,e,r,n){for(let i=1;;i++){let o=await K();try{return{child:await qt(t,e,r,o,n),port:o}}catch(a){if(!(a instanceof l&&/could not (bind|create listen)/i.test(a.message))||i>=3)throw a}}}s(jt,"launch");function qt(t,e,r,n,i){let o={listen_addresses:"127.0.0.1",port:String(n),unix_socket_directories:r,fsync:"off",synchronous_commit:"off",full_page_writes:"off"},a=["-D",e,...Object.entries(o).flatMap(([m,y])=>["-c",`${m}=${y}`])],c=bt(h(t,"postgres"),a,{...z(i,r),stdio:["ignore","ignore","pipe"]});return new Promise((m,y)=>{let d="",g=setTimeout(()=>p(new l(`postgres did not become ready in 30 s:
${v(d)}`)),3e4),p=s(S=>{clearTimeout(g),c.kill("SIGKILL"),y(S)},"fail"),P=s(S=>p(new l(`postgres exited during startup (${S}):
${v(d)}`)),"exited"),b=s(S=>{d=(d+S.toString()).slice(-2e4),d.includes("ready to accept connections")&&(clearTimeout(g),c.off("exit",P),c.stderr?.off("data",b).on("data",()=>{}),m(c))},"watch");c.on("error",p),c.on("exit",P),c.stderr?.on("data",b)})}s(qt,"startServer");var k=new Set;process.on("exit",()=>{for(let t of k)t()});function Ft(t,e,r,n,i){let o="postgres",a={PGHOST:"127.0.0.1",PGPORT:String(n),PGUSER:T,PGDATABASE:o},c=s(()=>{r.kill("SIGQUIT"),Gt(h(e,"postmaster.pid"),5e3),i()},"onExit");k.add(c),r.unref(),r.stderr?.unref?.();let m;return{host:"127.0.0.1",port:n,user:T,database:o,url:`postgres://${T}@127.0.0.1:${n}/${o}`,env:a,async createDatabase(y){let d=await E(h(t,"createdb"),[y],{env:{...process.env,...a}});if(d.code!==0)throw new l(`createdb ${y} failed:
${v(d.stderr)}`)},stop(){return m??=Mt(r).then(()=>{k.delete(c),i()}),m}}}s(Ft,"running");function Gt(t,e){let r=new Int32Array(new SharedArrayBuffer(4));for(let n=Date.now()+e;xt(t)&&Date.now()<n;)Atomics.wait(r,0,0,20)}s(Gt,"waitForFileGone");function Mt(t){return t.exitCode!==null||t.signalCode!==null?Promise.resolve():new Promise(e=>{let r=setTimeout(()=>t.kill("SIGQUIT"),5e3),n=setTimeout(()=>t.kill("SIGKILL"),1e4);t.once("exit",()=>{clearTimeout(r),clearTimeout(n),e()}),t.kill("SIGINT")})}s(Mt,"shutdown");import{createHash as Bt,randomBytes as Ut}from"node:crypto";import{existsSync as Z}from"node:fs";import{lstat as Vt,mkdir as Yt,readdir as tt,readFile as et,rename as X,rm as O,writeFile as rt}from"node:fs/promises";import{homedir as Jt}from"node:os";import{basename as Kt,join as w}from"node:path";var I=".runway-ready";async function nt(t){let e=t.log??(()=>{}),r=await et(t.requirementsFile,"utf8"),n=await Wt(),i=Bt("sha256").update(`${r}\0${n}`).digest("hex").slice(0,12),o=t.cacheRoot??Qt(),a=w(o,`venv-${i}`),c={dir:a,binDir:w(a,"bin"),python:w(a,"bin","python")};if(Z(w(a,I)))return c;await Yt(o,{recursive:!0}),await te(o,`venv-${i}`);let m=`${a}.tmp-${process.pid}-${Ut(4).toString("hex")}`;e(`creating python venv ${a} (python ${n})`);try{await zt(m,t.requirementsFile,e),await Xt(m,a),await rt(w(m,I),`${n}
`),await Zt(m,a)}finally{await O(m,{recursive:!0,force:!0})}return c}s(nt,"ensureVenv");function Qt(){let t=process.env.XDG_CACHE_HOME;return w(t||w(Jt(),".cache"),"runway")}s(Qt,"defaultCacheRoot");async function Wt(){let t=await E("python3",["-c","import platform; print(platform.python_version())"]).catch(e=>{throw e.code!=="ENOENT"?e:new l("python3 was not found on PATH; install it (e.g. `apt-get install python3 python3-venv`)")});if(t.code!==0)throw new l(`python3 does not run:
${v(t.stderr)}`);return t.stdout.trim()}s(Wt,"pythonVersion");async function zt(t,e,r){let n=Kt(t).replace(/\.tmp-.*$/,""),i=await E("python3",["-m","venv","--prompt",n,t]);if(i.code!==0)throw new l(`python3 -m venv failed (on Debian, \`apt-get install python3-venv\`):
${v(i.stderr)}`);r(`pip install -r ${e}`);let o=await E(w(t,"bin","python"),["-m","pip","install","--retries","0","-r",e],{env:{...process.env,PIP_DISABLE_PIP_VERSION_CHECK:"1"}});if(o.code!==0)throw new l(`pip install -r ${e} failed (exit ${o.code}):
${v(o.stderr)}`)}s(zt,"build");async function Xt(t,e){let r=w(t,"bin"),n=(await tt(r)).map(i=>w(r,i));for(let i of[...n,w(t,"pyvenv.cfg")]){let o=await Vt(i);if(!o.isFile()||o.size>1e6)continue;let a=await et(i,"utf8");a.includes(t)&&await rt(i,a.replaceAll(t,e))}}s(Xt,"relocate");async function Zt(t,e){try{await X(t,e)}catch(r){let n=r.code;if(n!=="ENOTEMPTY"&&n!=="EEXIST")throw r;if(Z(w(e,I)))return;await O(e,{recursive:!0,force:!0}),await X(t,e)}}s(Zt,"publish");async function te(t,e){for(let r of await tt(t)){let n=r.startsWith(`${e}.tmp-`)?/^(\d+)-/.exec(r.slice(e.length+5)):null;n?.[1]&&!ee(Number(n[1]))&&await O(w(t,r),{recursive:!0,force:!0})}}s(te,"removeAbandonedBuilds");function ee(t){try{return process.kill(t,0),!0}catch(e){return e.code==="EPERM"}}s(ee,"isAlive");var st=ce("test/fixtures/django-app"),it=["dev","qa","prod"],me="asia-northeast3-docker.pkg.dev/demo-project/app/web";function pe(t,e){return t.replace(/^ {2}env:\n/m,`  env:
    PGDATABASE: runway_${e}
`)}s(pe,"pointAtDatabase");async function at(t){let e=ne(x(ae(),"runway-demo-")),r=await nt({requirementsFile:x(st,"requirements.txt"),log:t}),n=await W({log:t});try{for(let c of it)await n.createDatabase(`runway_${c}`);let i=x(e,"workspace");ot("environments",x(i,"environments"),{recursive:!0});for(let c of it){let m=x(i,"environments",`${c}.yaml`);ie(m,pe(oe(m,"utf8"),c))}let o=x(e,"app");ot(st,o,{recursive:!0,filter:s(c=>!c.includes("__pycache__"),"filter")});let a=G(o);return await a.init(["--initial-branch=main"]).addConfig("user.email","demo@runway.local").addConfig("user.name","Runway demo"),await a.add(".").commit("Initial shop app"),{venv:r,pg:n,repo:{dir:o,git:a},workspace:i,temp:e,async stop(){await n.stop(),se(e,{recursive:!0,force:!0})}}}catch(i){throw await n.stop(),i}}s(at,"setUpStage");function ct(t){return`${me}@sha256:${re("sha256").update(t).digest("hex")}`}s(ct,"imageFor");async function $(t,e,r,n={}){let i=de(t.temp,"images",r.slice(0,12));await t.repo.git.raw(["worktree","add","--detach",i,r]);let o=ct(r),a={image:o,command:["/bin/sh","-c",`exec "${t.venv.binDir}/gunicorn" --bind "127.0.0.1:$PORT" --workers 1 config.wsgi`],cwd:i,env:{PATH:`${t.venv.binDir}:${process.env.PATH??""}`,PYTHONDONTWRITEBYTECODE:"1",...t.pg.env,...n}},c=await fetch(`${e.http}/_emulator/images`,{method:"POST",body:JSON.stringify(a)});if(!c.ok)throw new Error(`registering ${o} failed: ${await c.text()}`);return o}s($,"publish");var mt=`from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=200)
    price_cents = models.PositiveIntegerField()
    description = models.TextField(blank=True, null=True)


class Order(models.Model):
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
`,pt={"shop/models.py":`${mt}    quantity = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
`,"shop/migrations/0002_product_description.py":`from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.AddField(model_name="product", name="description", field=models.TextField(blank=True, null=True)),
    ]
`},dt={"shop/views.py":`import os

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
`},ue=`import os

from django.http import HttpResponse, JsonResponse

from shop.models import Product


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def index(request):
    return JsonResponse({"products": Product.objects.count(), "release": os.environ.get("RELEASE")})
`,ut={"shop/views.py":ue,"shop/models.py":`${mt}    created_at = models.DateTimeField(auto_now_add=True)
`,"shop/migrations/0003_remove_order_quantity.py":`from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_product_description")]

    operations = [
        migrations.RemoveField(model_name="order", name="quantity"),
    ]
`};var R=class{constructor(e=r=>process.stdout.write(`${r}
`)){this.write=e}write;static{s(this,"Timeline")}started=Date.now();steps=[];async step(e,r,n){let i=Date.now(),o=await r(),a=Date.now()-i,c=n(o);return this.steps.push({title:e,ms:a,detail:c}),this.write(`${String(this.steps.length).padStart(2)}. ${e.padEnd(48)} ${String(a).padStart(6)} ms  ${c}`),o}note(e){this.write(`    ${e}`)}total(){return Date.now()-this.started}};function lt(t,e=2e3){let r=0;return{now:s(()=>new Date(Date.now()+r),"now"),sleep:s(async n=>{if(n<=e)return new Promise(i=>setTimeout(i,n));r+=n,t(`(waited ${F(n)} of canary time, simulated)`)},"sleep")}}s(lt,"demoClock");var _=fe(".runway/demo");async function f(t,e,r,n){let i=t.context(),o=N(_,`${String(t.summaries.length+1).padStart(2,"0")}-${e.toLowerCase().replace(/[^a-z0-9]+/g,"-").replace(/^-|-$/g,"")}.md`);return t.timeline.step(e,async()=>{try{let a=await r(i);return D(o,a.summary),t.summaries.push(o),a}catch(a){return D(o,a.summary??`${a.message}
`),t.summaries.push(o),{outputs:{},summary:"",json:{error:a.message}}}},n)}s(f,"act");var gt=s(t=>{let e=String(t.json.error??"").split(`
`)[0]??"";return/failed at (traffic|smoke)/.test(e)?`${e.replace(/ \(http[^)]*\)/g,"")} \u2192 traffic restored automatically`:`refused: ${e}`},"failure");async function wt(t,e,r){for(let[n,i]of Object.entries(r))D(N(t.repo.dir,n),i);return await t.repo.git.add(Object.keys(r)).commit(e),(await t.repo.git.revparse(["HEAD"])).trim()}s(wt,"commit");async function we(t,e,r,n){await t.repo.git.checkoutLocalBranch(e);let i=await wt(t,r,n);return await t.repo.git.checkout(ve),i}s(we,"branchCommit");async function ye(t,e,r){return await t.repo.git.merge(["--no-ff","-m",r,e]),(await t.repo.git.revparse(["HEAD"])).trim()}s(ye,"merge");var ft=s((t,e,r)=>wt(t,e,r),"commitOnMain"),ve="main";async function xr(){return await he(),0}s(xr,"demo");async function he(){ge(_,{recursive:!0,force:!0}),le(_,{recursive:!0});let t=new R;process.stdout.write(`Runway demo: the sample Django app from pull request to production and back, on the embedded emulator.

`);let e=await at(()=>{}),r=await q(),n=U({emulatorHost:r.grpc}),i=lt(p=>t.note(p)),o={stage:e,timeline:t,summaries:[],context:s(()=>({logger:new B,clock:i,clients:s(()=>n,"clients"),fetch,env:{PATH:process.env.PATH,HOME:process.env.HOME,DATABASE_URL:e.pg.url}}),"context")},a=e.workspace,c="environments",m={projectDir:e.repo.dir,allow:[],python:e.venv.python},y=s((p,P)=>b=>M({environment:"dev",image:P,commit:p,dryRun:!1,configDir:c,root:a,gate:m},b),"deploy"),d=s(p=>P=>Y({to:p,dryRun:!1,configDir:c,root:a,gate:m},P),"promoteTo"),g=s(p=>p.outputs.revision?`${p.outputs["release-id"]} live on ${p.outputs.revision}`:gt(p),"released");try{let p=(await e.repo.git.revparse(["HEAD"])).trim(),P=await $(e,r,p);await f(o,"bootstrap: main to dev",y(p,P),g),await f(o,"bootstrap: promote to qa",d("qa"),g),await f(o,"bootstrap: promote to prod",d("prod"),g);let b=await we(e,"feature/description","Add a product description (#7)",pt),S=await $(e,r,b);await f(o,"1. PR #7 opened: preview",u=>C({action:"deploy",pr:"7",image:S,commit:b,fork:!1,environment:"dev",configDir:c,root:a},u),u=>`${u.outputs.url}`);let H=await ye(e,"feature/description","Merge pull request #7"),yt=await $(e,r,H);await f(o,"2. merge #7: gate, migrate, deploy dev",y(H,yt),g),await f(o,"   PR #7 closed: preview removed",u=>C({action:"cleanup",pr:"7",fork:!1,environment:"dev",configDir:c,root:a},u),u=>`deleted ${u.outputs.deleted||"nothing"}`),await f(o,"3. promote #7 to qa (canary, schedules)",d("qa"),g),await f(o,"   promote #7 to prod (10 \u2192 50 \u2192 100)",d("prod"),g);let L=await ft(e,"New pricing code (#8)",dt),vt=await $(e,r,L);await f(o,"4. merge #8 to dev",y(L,vt),g),await f(o,"   promote #8 to qa: fails at the canary",d("qa"),g);let j=await ft(e,"Revert #8; drop Order.quantity (#9)",ut),ht=await $(e,r,j);await f(o,"5. merge #9 (drops a column) to dev",y(j,ht),g),await f(o,"   promote #9 to qa",d("qa"),g),await f(o,"   promote #9 to prod: blocked",d("prod"),g),await f(o,"6. one-click rollback of prod",u=>J({environment:"prod",force:!1,migrateBack:!1,dryRun:!1,configDir:c,root:a},u),u=>u.outputs.revision?`prod back on ${u.outputs["release-id"]} (${u.outputs.revision})`:gt(u));let A=await V({configDir:c,root:a},o.context());return D(N(_,"status.md"),A.summary),process.stdout.write(`
${A.summary}
`),process.stdout.write(`Step summaries (Markdown): ${_}/
${o.summaries.map(u=>`  ${u}`).join(`
`)}
`),process.stdout.write(`
Done in ${(t.total()/1e3).toFixed(1)} s; ${r.registry.calls.length} API calls.
`),{statuses:A.json,summaries:o.summaries,calls:r.registry.calls.length,ms:t.total()}}finally{await n.close(),await r.stop(),await e.stop()}}s(he,"runDemo");export{xr as demo,he as runDemo};
