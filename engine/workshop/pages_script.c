/*
 * pages_script.c -- the one script of the live workshop's pages, served as
 * /app.js.  The pages work without it (forms post and the server answers
 * with a page); with it, a card saves without leaving the page and shows
 * the reader's message beside the field, the projector's board follows the
 * room (it polls /f.json and fetches the board when the version moves), and
 * a participant's page reloads when a new round opens.  It inserts only
 * text (textContent) or the server's own escaped board.
 */
#include "workshop/serve.h"

static const char script[] =
    "(function(){'use strict';\n"
    "var b=document.body,page=b.getAttribute('data-page'),t=b.getAttribute('data-token');\n"
    "if(!page||!t)return;\n"
    "var version=b.getAttribute('data-version'),round=b.getAttribute('data-round');\n"
    "function q(p){return p+'?t='+encodeURIComponent(t);}\n"
    "function poll(){\n"
    " fetch(q(page==='f'?'/f.json':'/p.json'),{cache:'no-store'}).then(function(r){return r.json();})\n"
    " .then(function(s){\n"
    "  if(String(s.version)===version)return;\n"
    "  if(page==='f'){return fetch(q('/board'),{cache:'no-store'}).then(function(r){return r.text();})\n"
    "   .then(function(h){document.getElementById('board').innerHTML=h;version=String(s.version);});}\n"
    "  if(String(s.round)!==round||s.closed){location.reload();return;}\n"
    "  version=String(s.version);\n"
    " }).catch(function(){}).then(function(){setTimeout(poll,1500);});\n"
    "}\n"
    "setTimeout(poll,1500);\n"
    "if(page!=='p')return;\n"
    "Array.prototype.forEach.call(document.querySelectorAll('form.card'),function(f){\n"
    " f.addEventListener('submit',function(ev){\n"
    "  ev.preventDefault();\n"
    "  var st=f.querySelector('.status');st.textContent='…';st.className='status';\n"
    "  fetch(f.action,{method:'POST',headers:{'Accept':'application/json',\n"
    "   'Content-Type':'application/x-www-form-urlencoded'},body:new URLSearchParams(new FormData(f))})\n"
    "  .then(function(r){return r.json();}).then(function(j){\n"
    "   Array.prototype.forEach.call(f.querySelectorAll('.err'),function(e){e.textContent='';\n"
    "    e.parentNode.classList.remove('bad');});\n"
    "   if(j.saved){st.textContent=b.getAttribute('data-saved');st.className='status ok';return;}\n"
    "   Object.keys(j.errors||{}).forEach(function(k){\n"
    "    var e=f.querySelector('.err[data-for=\"'+k+'\"]');\n"
    "    if(e){e.textContent=j.errors[k];e.parentNode.classList.add('bad');}});\n"
    "   st.textContent=j.message||b.getAttribute('data-failed');st.className='status bad';\n"
    "   if(j.reload)location.reload();\n"
    "  }).catch(function(){st.textContent=b.getAttribute('data-failed');st.className='status bad';});\n"
    " });\n"
    "});\n"
    "})();\n";

const char *ws_script(void) { return script; }
