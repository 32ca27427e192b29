/*eslint-disable*/ module.exports = {
  messages: JSON.parse(
    '{"/YbpOf":["You do not have access to this page"],"037cJr":["This page is for the society\'s administrators. If you think you should have access, contact an administrator."],"8F1i42":["Page not found"],"HpK/8d":["Reload"],"KGYths":["404: nothing here"],"OvnLyF":["Not allowed"],"i0qMbr":["Home"],"nwtY4N":["Something went wrong"],"of6crD":["The page failed to load. Reloading usually helps; if it keeps happening, let the society\'s administrators know."],"qrbF1Y":["There is no page at ",["path"],". It may have moved, or the link may be mistyped."],"rC5MFh":["Go to the home page"],"zUS+pH":["Part of this address is not in the form the page expects. Check the link, or start again from the home page."]}',
  ),
};
