/// The page `sim serve` serves at `/`: one self-contained HTML file (inline CSS, JavaScript and SVG; nothing
/// fetched from the network but the session's own API). The map draws in the run's projected CRS (metres), the
/// districts with the report's ColorBrewer YlOrBr ramp by 4G population % under the blue coverage overlay.
enum Page {
    static func html(language: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language == "en" ? "en" : "vi")">
        <head><meta charset="utf-8"><title>sim serve</title>
        <meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
        <style>
        body{margin:0;font:13px/1.35 "DejaVu Sans",system-ui,sans-serif;display:flex;height:100vh;color:#222}
        #map{flex:1;position:relative;background:#eef3f7;overflow:hidden}
        #map svg{width:100%;height:100%;display:block;cursor:grab}
        #map.add svg,#map.cable svg{cursor:crosshair}
        #side{width:560px;overflow:auto;padding:8px 12px;border-left:1px solid #ccc;background:#fff}
        h1{font-size:16px;margin:4px 0 6px}
        .bar button{margin:2px 2px 2px 0;padding:3px 8px;border:1px solid #888;background:#f6f6f6;border-radius:3px;cursor:pointer}
        .bar button.on{background:#2166ac;color:#fff;border-color:#2166ac}
        .bar button:disabled{opacity:.45;cursor:default}
        table{border-collapse:collapse;width:100%;margin-top:6px}
        th,td{padding:2px 4px;border-bottom:1px solid #e4e4e4;text-align:right;white-space:nowrap}
        th:first-child,td:first-child{text-align:left;white-space:normal}
        tr.province td{font-weight:bold;border-top:2px solid #999}
        tr.touched td{background:#fff7bc}
        .up{color:#1a9850}.down{color:#d73027}
        #status{margin:6px 0;color:#555;min-height:1.3em}#status.err{color:#b2182b;font-weight:bold}
        fieldset{border:1px solid #ccc;margin:6px 0;padding:4px 8px}fieldset input{width:70px}
        #plan pre{white-space:pre-wrap;font-size:11px;max-height:120px;overflow:auto;background:#f7f7f7}
        .legend i{display:inline-block;width:12px;height:12px;vertical-align:middle;margin:0 3px 0 8px;border:1px solid #999}
        </style></head>
        <body>
        <div id="map"><svg id="svg" xmlns="http://www.w3.org/2000/svg"><g id="world"><g id="gDistricts"></g><g id="gCoverage"></g><g id="gOutlines"></g>
        <g id="gCables"></g><g id="gPlan"></g><g id="gOlts"></g><g id="gSites"></g><g id="gDraft"></g></g></svg></div>
        <div id="side">
        <h1 id="title">sim serve</h1>
        <div class="bar"><button id="bSelect" class="on" data-t="select"></button><button id="bAdd" data-t="addSite"></button><button id="bCable" data-t="drawCable"></button>
        <select id="placement"><option value="underground" data-t="underground"></option><option value="aerial" data-t="aerial"></option></select>
        <button id="bFinish" data-t="finish" disabled></button></div>
        <div class="bar"><button id="bUndo" data-t="undo" disabled></button><button id="bRedo" data-t="redo" disabled></button>
        <button id="bPlan" data-t="plan"></button><button id="bSave" data-t="save"></button>
        <button id="bLang">EN</button></div>
        <div class="bar"><span data-t="download"></span>: <a id="dSites">sites.geojson</a> · <a id="dCov">coverage.geojson</a> · <a id="dCab">cables.geojson</a> · <a id="dGpkg">state.gpkg</a></div>
        <div id="status"></div>
        <fieldset id="editor" hidden><legend id="edTitle"></legend>
        <label data-t="height"></label> <input id="fH" type="number" step="1"> <label data-t="band"></label> <input id="fB" type="number" step="0.1">
        <label data-t="power"></label> <input id="fP" type="number" step="0.5"><br><label data-t="azimuths"></label> <input id="fA" style="width:140px">
        <div class="bar"><button id="bApply" data-t="apply"></button><button id="bDelete" data-t="delete"></button><button id="bUpgrade" data-t="upgrade"></button></div></fieldset>
        <div class="legend"><i style="background:#4393c3;opacity:.55"></i><span data-t="covered"></span><i style="background:#2166ac;border-radius:6px"></i>4G<i style="background:#999;border-radius:6px"></i>3G<i style="background:#f46d43;border-radius:6px"></i><span data-t="added"></span><i style="background:#fec44f"></i><span data-t="ramp"></span></div>
        <table id="table"><thead><tr><th data-t="district"></th><th data-t="pop"></th><th data-t="area"></th><th data-t="fbb"></th><th data-t="cost"></th></tr></thead><tbody></tbody></table>
        <div id="plan"></div>
        </div>
        <script>
        "use strict";
        const T={vi:{select:"Chọn / kéo",addSite:"Thêm trạm",drawCable:"Vẽ tuyến cáp",underground:"ngầm",aerial:"treo",finish:"Xong tuyến",undo:"Hoàn tác",redo:"Làm lại",
        plan:"Lập kế hoạch từ đây",save:"Lưu kịch bản",download:"Tải về",height:"Độ cao (m)",band:"Băng tần (MHz)",power:"Công suất (dBm)",azimuths:"Góc phương vị (°; ;)",
        apply:"Áp dụng",delete:"Xóa",upgrade:"Nâng cấp 3G→4G / hoàn lại",covered:"Vùng phủ 4G",added:"trạm mới",district:"Huyện",pop:"Dân số 4G %",area:"Diện tích 4G %",fbb:"Hộ BR cố định %",
        cost:"Chi phí (VNĐ)",province:"Toàn tỉnh",site:"Trạm",recomputed:"tính lại trong",edits:"lần sửa",saved:"Đã lưu vào",planRunning:"Đang lập kế hoạch…",
        planDone:"Kế hoạch",stale:"(mạng đã đổi sau khi lập)",picks:"hạng mục",error:"Lỗi",clickAdd:"Bấm lên bản đồ để đặt trạm.",clickCable:"Bấm từ mạng đang phục vụ để vẽ tuyến; bấm Xong tuyến để kết thúc.",
        year:"Năm",kind:"Loại",start:"lúc bắt đầu",ramp:"huyện: màu theo dân số có 4G"},
        en:{select:"Select / drag",addSite:"Add site",drawCable:"Draw cable",underground:"underground",aerial:"aerial",finish:"Finish route",undo:"Undo",redo:"Redo",
        plan:"Plan from here",save:"Save scenario",download:"Download",height:"Height (m)",band:"Band (MHz)",power:"Power (dBm)",azimuths:"Azimuths (°; ;)",
        apply:"Apply",delete:"Delete",upgrade:"Upgrade 3G→4G / undo",covered:"4G coverage",added:"new site",district:"District",pop:"4G pop %",area:"4G area %",fbb:"FBB households %",
        cost:"Cost (VND)",province:"Province",site:"Site",recomputed:"recomputed in",edits:"edits",saved:"Saved to",planRunning:"Planning…",
        planDone:"Plan",stale:"(network edited since)",picks:"picks",error:"Error",clickAdd:"Click on the map to place a site.",clickCable:"Click from the served network to draw a route; Finish route ends it.",
        year:"Year",kind:"Kind",start:"at start",ramp:"districts: shaded by 4G population %"}};
        const token=new URLSearchParams(location.search).get("token")||"";
        let lang=document.documentElement.lang==="en"?"en":"vi";
        const t=k=>T[lang][k]||k;
        const $=id=>document.getElementById(id);
        const svg=$("svg"),world=$("world");
        let S=null,mode="select",selected=null,view={s:1,tx:0,ty:0},draft=[],plan=null,pending=0;
        const cov={};
        function fmt(x,d){if(x===null||x===undefined)return"–";const s=Number(x).toFixed(d);return lang==="vi"?s.replace(".",","):s;}
        function money(v){if(v===null||v===undefined)return"–";const s=Math.round(v).toString().replace(/\\B(?=(\\d{3})+(?!\\d))/g,lang==="vi"?".":",");return s;}
        function api(method,path,body){pending++;return fetch(path+(path.includes("?")?"&":"?")+"token="+encodeURIComponent(token),
          {method,headers:{"Content-Type":"application/json","X-Sim-Token":token},body:body?JSON.stringify(body):undefined})
          .then(async r=>{pending--;const txt=await r.text();if(!r.ok){let m=txt;try{m=JSON.parse(txt).error.message}catch(e){}throw new Error(r.status+": "+m)}return JSON.parse(txt)});}
        function status(m,err){const e=$("status");e.textContent=m;e.className=err?"err":"";}
        function ring(a){let d="M"+a[0]+" "+a[1];for(let i=2;i<a.length;i+=2)d+="L"+a[i]+" "+a[i+1];return d+"Z";}
        function polyPath(ps){return ps.map(p=>p.map(ring).join("")).join("");}
        function ramp(p){const c=["#ffffd4","#fee391","#fec44f","#fe9929","#ec7014","#cc4c02","#8c2d04"];return c[Math.min(6,Math.max(0,Math.floor(p/100*7)))];}
        function el(tag,attrs,parent){const e=document.createElementNS("http://www.w3.org/2000/svg",tag);for(const k in attrs)e.setAttribute(k,attrs[k]);if(parent)parent.appendChild(e);return e;}
        function applyView(){world.setAttribute("transform","matrix("+view.s+",0,0,"+(-view.s)+","+view.tx+","+view.ty+")");drawSites();}
        function fit(){let x0=1e18,y0=1e18,x1=-1e18,y1=-1e18;for(const d of S.districts)for(const p of d.outline)for(let i=0;i<p[0].length;i+=2){x0=Math.min(x0,p[0][i]);x1=Math.max(x1,p[0][i]);y0=Math.min(y0,p[0][i+1]);y1=Math.max(y1,p[0][i+1]);}
          const r=svg.getBoundingClientRect();view.s=Math.min(r.width/(x1-x0),r.height/(y1-y0))*0.95;view.tx=r.width/2-view.s*(x0+x1)/2;view.ty=r.height/2+view.s*(y0+y1)/2;applyView();}
        function toWorld(cx,cy){const r=svg.getBoundingClientRect();return{x:(cx-r.left-view.tx)/view.s,y:-(cy-r.top-view.ty)/view.s};}
        function toScreen(x,y){const r=svg.getBoundingClientRect();return{x:r.left+view.tx+x*view.s,y:r.top+view.ty-y*view.s};}
        function drawDistricts(){const g=$("gDistricts"),o=$("gOutlines");g.innerHTML="";o.innerHTML="";
          for(const d of S.districts){el("path",{d:polyPath(d.outline),fill:ramp(d.lte_pop_pct),stroke:"none"},g).dataset.id=d.id;
            el("path",{d:polyPath(d.outline),fill:"none",stroke:"#555","stroke-width":1.2,"vector-effect":"non-scaling-stroke"},o);}}
        function drawCoverage(){const g=$("gCoverage");g.innerHTML="";for(const id in cov)el("path",{d:polyPath(cov[id]),fill:"#4393c3","fill-opacity":.5,"fill-rule":"evenodd",stroke:"none"},g);}
        function drawCables(){const g=$("gCables");g.innerHTML="";for(const c of S.cables){const a=c.line;let d="M"+a[0]+" "+a[1];for(let i=2;i<a.length;i+=2)d+="L"+a[i]+" "+a[i+1];
          el("path",{d,fill:"none",stroke:c.added?"#f46d43":(c.served?"#1a9850":"#999"),"stroke-width":c.added?2.5:1.2,"stroke-dasharray":c.placement==="aerial"?"4 3":"","vector-effect":"non-scaling-stroke"},g);}
          const o=$("gOlts");o.innerHTML="";for(const p of S.olts)el("rect",{x:p[0]-300,y:p[1]-300,width:600,height:600,fill:"#1a9850",stroke:"#fff","stroke-width":1,"vector-effect":"non-scaling-stroke"},o);}
        function drawSites(){if(!S)return;const g=$("gSites");g.innerHTML="";const r=4/view.s;
          for(const s of S.sites){const c=el("circle",{cx:s.x,cy:s.y,r:(s.id===selected?1.8:1)*r,fill:s.added?"#f46d43":(s.technology==="4G"?"#2166ac":"#999"),stroke:"#fff","stroke-width":1,"vector-effect":"non-scaling-stroke",class:"site"},g);
            c.dataset.id=s.id;for(const a of s.azimuths_deg){const q=a*Math.PI/180;el("line",{x1:s.x,y1:s.y,x2:s.x+Math.sin(q)*3*r,y2:s.y+Math.cos(q)*3*r,stroke:"#333","stroke-width":1,"vector-effect":"non-scaling-stroke"},g);}}
          const d=$("gDraft");d.innerHTML="";if(draft.length){let p="M"+draft[0].x+" "+draft[0].y;for(const q of draft.slice(1))p+="L"+q.x+" "+q.y;
            el("path",{d:p,fill:"none",stroke:"#f46d43","stroke-width":2,"stroke-dasharray":"2 2","vector-effect":"non-scaling-stroke"},d);for(const q of draft)el("circle",{cx:q.x,cy:q.y,r:r,fill:"#f46d43"},d);}}
        function delta(now,start,d){if(now===null||start===null)return"";const x=now-start;if(Math.abs(x)<0.005)return"";return' <span class="'+(x>0?"up":"down")+'">('+(x>0?"+":"")+fmt(x,d)+")</span>";}
        function drawTable(touched){const b=document.querySelector("#table tbody");b.innerHTML="";
          const row=(name,d,cls)=>{const tr=document.createElement("tr");if(cls)tr.className=cls;
            tr.innerHTML="<td>"+name+"</td><td data-value=\\""+d.lte_pop_pct+"\\">"+fmt(d.lte_pop_pct,2)+delta(d.lte_pop_pct,d.start_lte_pop_pct,2)+"</td><td>"+fmt(d.lte_area_pct,2)+delta(d.lte_area_pct,d.start_lte_area_pct,2)
            +"</td><td>"+fmt(d.fbb_households_pct,2)+delta(d.fbb_households_pct,d.start_fbb_households_pct,2)+"</td><td>"+money(d.cost_vnd)+"</td>";tr.dataset.id=d.id||"province";b.appendChild(tr);};
          for(const d of S.districts)row(d.name,d,touched&&touched.has(d.id)?"touched":"");row(t("province"),S.province,"province");
          $("bUndo").disabled=!S.can_undo;$("bRedo").disabled=!S.can_redo;$("bPlan").disabled=!S.planner;$("bCable").disabled=!S.fixed_broadband;}
        function showLatency(){if(S.latency)status(t("recomputed")+" "+fmt(S.latency.last_ms,0)+" ms (p50 "+fmt(S.latency.p50_ms,0)+" ms, p95 "+fmt(S.latency.p95_ms,0)+" ms, "+S.latency.edits+" "+t("edits")+")");}
        function update(n,first){const touched=new Set();const old=S;
          for(const d of n.districts){if(d.coverage){cov[d.id]=d.coverage;touched.add(d.id);}if(!d.outline){const o=old&&old.districts.find(x=>x.id===d.id);if(o)d.outline=o.outline;}}
          S=n;drawDistricts();drawCoverage();drawCables();drawSites();drawTable(first?null:touched);showLatency();if(selected)select(selected);window.simState=S;}
        function select(id){selected=id;const s=S.sites.find(x=>x.id===id);$("editor").hidden=!s;if(!s){selected=null;drawSites();return;}
          $("edTitle").textContent=t("site")+" "+s.id+" · "+s.technology+" · "+s.lon.toFixed(5)+", "+s.lat.toFixed(5);$("fH").value=s.height_m;$("fB").value=s.band_mhz;$("fP").value=s.power_dbm;
          $("fA").value=s.azimuths_deg.join(";");$("bUpgrade").disabled=!s.upgradable;drawSites();}
        function edit(body){status("…");return api("POST","/api/edit",body).then(n=>{update(n);return n}).catch(e=>status(t("error")+" "+e.message,true));}
        function setMode(m){mode=m;for(const [b,k] of [["bSelect","select"],["bAdd","add"],["bCable","cable"]])$(b).classList.toggle("on",m===k);
          $("map").className=m==="select"?"":m;draft=[];$("bFinish").disabled=m!=="cable";drawSites();if(m==="add")status(t("clickAdd"));if(m==="cable")status(t("clickCable"));}
        let drag=null;
        svg.addEventListener("mousedown",e=>{const tgt=e.target;if(mode==="select"&&tgt.classList.contains("site")){drag={site:tgt.dataset.id,x0:e.clientX,y0:e.clientY,moved:false};}
          else drag={pan:true,x0:e.clientX,y0:e.clientY,tx:view.tx,ty:view.ty,moved:false};e.preventDefault();});
        window.addEventListener("mousemove",e=>{if(!drag)return;const dx=e.clientX-drag.x0,dy=e.clientY-drag.y0;if(Math.abs(dx)+Math.abs(dy)>3)drag.moved=true;
          if(drag.pan&&drag.moved){view.tx=drag.tx+dx;view.ty=drag.ty+dy;applyView();}
          else if(drag.site&&drag.moved){const w=toWorld(e.clientX,e.clientY);const s=S.sites.find(x=>x.id===drag.site);s.x=w.x;s.y=w.y;drawSites();}});
        window.addEventListener("mouseup",e=>{if(!drag)return;const d=drag;drag=null;const w=toWorld(e.clientX,e.clientY);
          if(d.site){if(d.moved)edit({op:"move_site",id:d.site,x:w.x,y:w.y});else select(d.site);return;}
          if(d.moved)return;
          if(mode==="add")edit({op:"add_site",x:w.x,y:w.y}).then(n=>{if(n){const s=n.sites[n.sites.length-1];select(s.id);}});
          else if(mode==="cable"){draft.push(w);drawSites();}
          else select(null);});
        svg.addEventListener("wheel",e=>{e.preventDefault();const r=svg.getBoundingClientRect(),k=Math.exp(-e.deltaY*0.0015),cx=e.clientX-r.left,cy=e.clientY-r.top;
          view.tx=cx-(cx-view.tx)*k;view.ty=cy-(cy-view.ty)*k;view.s*=k;applyView();},{passive:false});
        $("bSelect").onclick=()=>setMode("select");$("bAdd").onclick=()=>setMode("add");$("bCable").onclick=()=>setMode("cable");
        $("bFinish").onclick=()=>{if(draft.length<2)return;const pts=draft.map(p=>[p.x,p.y]);draft=[];edit({op:"add_cable",xy:pts,placement:$("placement").value,snap_start:true});};
        $("bUndo").onclick=()=>api("POST","/api/undo").then(update).catch(e=>status(e.message,true));
        $("bRedo").onclick=()=>api("POST","/api/redo").then(update).catch(e=>status(e.message,true));
        $("bApply").onclick=()=>{const az=$("fA").value.trim();edit({op:"change_site",id:selected,height_m:+$("fH").value,band_mhz:+$("fB").value,power_dbm:+$("fP").value,
          azimuths_deg:az===""?[]:az.split(";").map(Number)});};
        $("bDelete").onclick=()=>{const id=selected;select(null);edit({op:"delete_site",id});};
        $("bUpgrade").onclick=()=>edit({op:"toggle_upgrade",id:selected});
        $("bSave").onclick=()=>api("POST","/api/save").then(r=>status(t("saved")+" "+r.folder+" — "+r.run)).catch(e=>status(e.message,true));
        $("bPlan").onclick=()=>api("POST","/api/plan").then(pollPlan).catch(e=>status(e.message,true));
        $("bLang").onclick=()=>{lang=lang==="vi"?"en":"vi";document.documentElement.lang=lang;texts();drawTable();showPlan();};
        function pollPlan(p){plan=p;showPlan();if(p.state==="running")setTimeout(()=>api("GET","/api/plan").then(pollPlan),400);}
        function showPlan(){const e=$("plan"),g=$("gPlan");if(!plan||plan.state==="idle"){e.innerHTML="";return;}
          if(plan.state==="running"){e.innerHTML="<b>"+t("planRunning")+"</b><pre>"+(plan.progress||[]).join("\\n")+"</pre>";return;}
          if(plan.state==="failed"){e.innerHTML="<b class='err'>"+t("error")+": "+plan.message+"</b>";return;}
          const p=plan.plan;let h="<b>"+t("planDone")+"</b> "+(plan.stale?t("stale"):"")+": "+p.picks.length+" "+t("picks")+"<table><tr><th>"+t("year")+"</th><th>"+t("pop")+"</th><th>"+t("fbb")+"</th><th>"+t("cost")+"</th></tr>";
          for(const y of p.years)h+="<tr><td>"+y.year+"</td><td>"+fmt(y.lte_pop_pct,2)+"</td><td>"+fmt(y.fbb_households_pct,2)+"</td><td>"+money(y.spent_vnd)+"</td></tr>";
          h+="</table><table><tr><th>#</th><th>"+t("year")+"</th><th>"+t("kind")+"</th><th>id</th><th>"+t("district")+"</th><th>"+t("cost")+"</th></tr>";
          for(const k of p.picks.slice(0,200))h+="<tr><td>"+k.rank+"</td><td>"+k.year+"</td><td>"+k.kind+"</td><td>"+k.id+"</td><td>"+k.district+"</td><td>"+money(k.cost_vnd)+"</td></tr>";
          e.innerHTML=h+"</table>";g.innerHTML="";const r=5/view.s;
          for(const k of p.picks){if(k.x!==undefined)el("circle",{cx:k.x,cy:k.y,r:r,fill:"none",stroke:"#762a83","stroke-width":2,"vector-effect":"non-scaling-stroke"},g);
            for(const a of (k.lines||[])){let d="M"+a[0]+" "+a[1];for(let i=2;i<a.length;i+=2)d+="L"+a[i]+" "+a[i+1];el("path",{d,fill:"none",stroke:"#762a83","stroke-width":2,"vector-effect":"non-scaling-stroke"},g);}}}
        function texts(){for(const e of document.querySelectorAll("[data-t]"))e.textContent=t(e.dataset.t);$("bLang").textContent=lang==="vi"?"EN":"VI";}
        for(const [id,f] of [["dSites","sites.geojson"],["dCov","coverage.geojson"],["dCab","cables.geojson"],["dGpkg","state.gpkg"]])$(id).href="/api/export/"+f+"?token="+encodeURIComponent(token);
        texts();
        window.simMap={toScreen,toWorld,busy:()=>pending>0};
        api("GET","/api/state").then(n=>{for(const d of n.districts)cov[d.id]=d.coverage;S=n;$("title").textContent=n.scenario;fit();update(n,true);status("");})
          .catch(e=>status(t("error")+" "+e.message,true));
        window.addEventListener("resize",()=>S&&applyView());
        </script></body></html>
        """
    }
}
