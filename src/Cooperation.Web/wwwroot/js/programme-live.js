// The programme page, told over /hubs/workspace (contract: docs/hub.md) when someone else changes this programme or
// its sessions. It offers to show the changes rather than reloading by itself: the reader may be filling in a form.
(function () {
  "use strict";

  const notice = document.querySelector("[data-programme-live]");
  if (!notice || !window.signalR) {
    return;
  }

  const workspaceId = notice.dataset.workspaceId;
  const programmeId = notice.dataset.programmeId;
  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/workspace")
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 20000, 30000])
    .build();

  connection.on("EventReceived", (evt) => {
    if (evt.workspaceId === workspaceId && evt.type.startsWith("programme.") && evt.data && evt.data.programmeId === programmeId) {
      notice.hidden = false;
    }
  });

  // Joining again after a reconnect; what changed while disconnected is not replayed, so say the page may be stale.
  connection.onreconnected(async () => {
    notice.hidden = false;
    await connection.invoke("JoinWorkspace", workspaceId);
  });

  connection.start()
    .then(() => connection.invoke("JoinWorkspace", workspaceId))
    .then(() => { notice.dataset.connected = "true"; })
    .catch(() => { /* The page works without live updates; the notice simply never appears. */ });
})();
