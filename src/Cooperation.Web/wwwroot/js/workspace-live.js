// The live workspace page: presence, chat, activity and comments over /hubs/workspace (contract: docs/hub.md).
// Text that people wrote is always set with textContent, never parsed as HTML. The only HTML inserted is the
// comment body (and a mention's excerpt) that the server rendered from Markdown and sanitised.
(function () {
  "use strict";

  const root = document.querySelector("[data-workspace-live]");
  if (!root || !window.signalR) {
    return;
  }

  const workspaceId = root.dataset.workspaceId;
  const me = root.dataset.userId;
  const canPost = root.dataset.canPost === "true";
  const texts = JSON.parse(root.querySelector("[data-live-texts]").textContent);
  const lang = document.documentElement.lang || "en";
  // The reader's zone as the server chose it (profile, office, browser); dates read as on the server's pages.
  const timeFormat = new Intl.DateTimeFormat(lang, {
    weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    timeZone: root.dataset.timeZone || undefined,
  });

  const statusLine = root.querySelector("[data-testid=live-status]");
  const errorLine = root.querySelector("[data-live-error]");
  const chatLog = root.querySelector("[data-testid=chat-log]");
  const olderButton = root.querySelector("[data-live-older]");
  const typingLine = root.querySelector("[data-testid=chat-typing]");
  const chatForm = root.querySelector("[data-live-chat-form]");
  const chatInput = root.querySelector("[data-testid=chat-input]");
  const presenceList = root.querySelector("[data-testid=presence]");
  const activityList = root.querySelector("[data-testid=activity]");
  const commentsPanel = root.querySelector("[data-live-comments]");
  const commentsList = root.querySelector("[data-comments-list]");
  const commentsTitle = root.querySelector("[data-comments-title]");
  const commentForm = root.querySelector("[data-comment-form]");
  const commentInput = root.querySelector("[data-testid=comment-input]");

  const IDLE_AFTER_MS = 5 * 60 * 1000;
  const PRESENCE_REFRESH_MS = 60 * 1000;
  const TYPING_SHOWN_MS = 5000;

  let lastSequence = 0; // highest event applied without a gap
  const pending = new Map(); // events that arrived ahead of a gap, by sequence
  let catchingUp = null;
  let oldestChatSequence = null;
  let joined = false;
  let removed = false;
  let idle = false;
  let idleTimer = null;
  let typingSentAt = 0;
  const typingTimers = new Map();
  const names = new Map(); // userId -> display name, from presence
  let openDocument = null; // { id, title } of the comments panel
  let replyTo = null;

  // A function replacement, so that a name containing "$&" or "$1" is shown as written.
  const format = (template, ...values) => values.reduce((s, v, i) => s.replace("{" + i + "}", () => v), template);
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  };
  const time = (iso) => {
    const t = el("time", null, timeFormat.format(new Date(iso)));
    t.dateTime = iso;
    return t;
  };

  function setStatus(text) {
    statusLine.textContent = text;
  }

  // Hub errors arrive as "An unexpected error occurred invoking 'X' on the server. HubException: <sentence>".
  function hubMessage(error) {
    const message = String((error && error.message) || error);
    const marker = "HubException: ";
    const at = message.indexOf(marker);
    return at >= 0 ? message.slice(at + marker.length) : message;
  }

  function showError(error) {
    errorLine.textContent = hubMessage(error);
    errorLine.hidden = false;
  }

  function clearError() {
    errorLine.hidden = true;
    errorLine.textContent = "";
  }

  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/workspace")
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 20000, 30000])
    .build();

  // Every workspace event goes through here, in sequence order, whichever client method carried it.
  function receive(evt) {
    if (evt.workspaceId !== workspaceId || evt.sequence <= lastSequence) {
      return;
    }
    if (evt.sequence > lastSequence + 1) {
      pending.set(evt.sequence, evt);
      catchUp();
      return;
    }
    apply(evt);
    lastSequence = evt.sequence;
    while (pending.has(lastSequence + 1)) {
      const next = pending.get(lastSequence + 1);
      pending.delete(lastSequence + 1);
      apply(next);
      lastSequence = next.sequence;
    }
  }

  function catchUp() {
    if (catchingUp) {
      return catchingUp;
    }
    catchingUp = (async () => {
      try {
        for (;;) {
          const page = await connection.invoke("GetEventsSince", workspaceId, lastSequence);
          for (const evt of page.events) {
            pending.delete(evt.sequence);
            if (evt.sequence === lastSequence + 1) {
              apply(evt);
              lastSequence = evt.sequence;
            }
          }
          if (!page.hasMore) break;
        }
        while (pending.has(lastSequence + 1)) {
          const next = pending.get(lastSequence + 1);
          pending.delete(lastSequence + 1);
          apply(next);
          lastSequence = next.sequence;
        }
      } catch (error) {
        showError(error);
      } finally {
        catchingUp = null;
      }
    })();
    return catchingUp;
  }

  function apply(evt) {
    const data = evt.data || {};
    const kind = evt.type.split(".")[0];
    if (kind === "chat") {
      renderChat(data);
    } else if (kind === "document") {
      addActivity(evt, documentText(evt.type, data), data.documentId, data.title);
      document.dispatchEvent(new CustomEvent("cooperation:document-changed", { detail: evt }));
    } else if (kind === "comment") {
      onComment(evt.type, data);
    } else if (kind === "member") {
      onMember(evt, data);
    }
  }

  function documentText(type, data) {
    const title = data.title || texts.document;
    switch (type) {
      case "document.uploaded": return format(texts.documentUploaded, title);
      case "document.version-added": return format(texts.documentVersionAdded, title);
      case "document.deleted": return format(texts.documentDeleted, title);
      case "document.restored": return format(texts.documentRestored, title);
      case "document.extraction": return format(texts.documentExtraction, title, String(data.status || ""));
      default: return format(texts.documentChanged, title);
    }
  }

  function addActivity(evt, text, documentId, title) {
    const item = el("li", "activity");
    item.dataset.sequence = evt.sequence;
    item.append(el("span", null, text), " ", time(evt.at));
    if (documentId) {
      const open = el("button", "link", texts.comments);
      open.type = "button";
      open.dataset.commentsFor = documentId;
      open.dataset.commentsTitle = title || "";
      item.append(" ", open);
    }
    activityList.prepend(item);
    while (activityList.children.length > 30) {
      activityList.lastElementChild.remove();
    }
  }

  // ---- chat ----

  // Enter sends, Shift+Enter starts a new line; Enter that ends an input method's composition (Chinese) does neither.
  function sendOnEnter(input, form) {
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
  }

  // Deleting one's own chat message or comment: asked first, then the hub; a refusal shows in the error line.
  function deleteButton(question, hubMethod, id) {
    const button = el("button", "link", texts.delete);
    button.type = "button";
    button.addEventListener("click", async () => {
      if (!window.confirm(question)) return;
      try {
        clearError();
        await connection.invoke(hubMethod, workspaceId, id);
      } catch (error) {
        showError(error);
      }
    });
    return button;
  }

  function renderChat(message, options) {
    const existing = chatLog.querySelector(`[data-message-id="${message.id}"]`);
    const item = el("li", "chat-message");
    item.dataset.messageId = message.id;
    item.dataset.sequence = message.sequence;
    item.dataset.testid = "chat-message";
    if (message.authorId === me) item.classList.add("mine");

    const head = el("div", "chat-head");
    head.append(el("strong", null, message.authorName), " ", time(message.at));
    if (message.editedAt && !message.deleted) head.append(" ", el("span", "muted", "(" + texts.edited + ")"));
    item.append(head);
    item.append(el("p", message.deleted ? "chat-text muted" : "chat-text", message.deleted ? texts.deleted : message.text));

    if (message.authorId === me && !message.deleted && canPost) {
      const actions = el("div", "chat-actions");
      const edit = el("button", "link", texts.edit);
      edit.type = "button";
      edit.addEventListener("click", () => startEdit(item, message));
      const del = deleteButton(texts.confirmDelete, "DeleteChatMessage", message.id);
      actions.append(edit, " ", del);
      item.append(actions);
    }

    if (existing) {
      existing.replaceWith(item);
      return;
    }
    const empty = chatLog.querySelector(".chat-empty");
    if (empty) empty.remove();
    if (options && options.prepend) {
      chatLog.prepend(item);
    } else {
      // Keep the log ordered by sequence even if a message is rendered late.
      const after = [...chatLog.children].find((li) => Number(li.dataset.sequence) > message.sequence);
      chatLog.insertBefore(item, after || null);
      chatLog.scrollTop = chatLog.scrollHeight;
    }
  }

  function startEdit(item, message) {
    const form = el("form", "chat-edit");
    const box = el("textarea");
    box.value = message.text;
    box.rows = 2;
    box.setAttribute("aria-label", texts.edit);
    const save = el("button", null, texts.save);
    save.type = "submit";
    const cancel = el("button", "secondary", texts.cancel);
    cancel.type = "button";
    cancel.addEventListener("click", () => renderChat(message));
    form.append(box, save, cancel);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        clearError();
        renderChat(await connection.invoke("EditChatMessage", workspaceId, message.id, box.value));
      } catch (error) {
        showError(error);
      }
    });
    item.querySelector(".chat-text").replaceWith(form);
    box.focus();
  }

  async function loadHistory(before) {
    const page = await connection.invoke("GetChatHistory", workspaceId, before ?? null, 50);
    if (before) {
      for (const message of [...page.messages].reverse()) renderChat(message, { prepend: true });
    } else {
      for (const message of page.messages) renderChat(message);
      if (page.messages.length === 0 && !chatLog.children.length) chatLog.append(el("li", "chat-empty muted", texts.noMessages));
    }
    if (page.messages.length) {
      const first = page.messages[0].sequence;
      oldestChatSequence = oldestChatSequence === null ? first : Math.min(oldestChatSequence, first);
    }
    olderButton.hidden = !page.hasMore;
  }

  // The activity list starts with what happened lately (documents, comments, members), oldest first so that
  // the newest ends on top.
  async function loadRecentActivity(latest) {
    const page = await connection.invoke("GetEventsSince", workspaceId, Math.max(0, latest - 100));
    for (const evt of page.events) {
      const data = evt.data || {};
      const kind = evt.type.split(".")[0];
      if (kind === "document" && evt.type !== "document.extraction") {
        addActivity(evt, documentText(evt.type, data), data.documentId, data.title);
      } else if (evt.type === "comment.added") {
        addActivity(evt, format(texts.commentAdded, data.authorName), data.documentId, data.documentTitle);
      } else if (kind === "member") {
        addActivity(evt, format(data.removed ? texts.memberLeft : texts.memberJoined, data.displayName));
      }
    }
  }

  olderButton.addEventListener("click", async () => {
    try {
      await loadHistory(oldestChatSequence);
    } catch (error) {
      showError(error);
    }
  });

  if (chatForm) {
    chatForm.addEventListener("submit", async (e) => {
      e.preventDefault();
      const text = chatInput.value;
      if (!text.trim()) return;
      try {
        clearError();
        const sent = await connection.invoke("SendChatMessage", workspaceId, text);
        chatInput.value = "";
        renderChat(sent);
      } catch (error) {
        showError(error);
      }
    });
    sendOnEnter(chatInput, chatForm);
    chatInput.addEventListener("input", () => {
      const now = Date.now();
      if (joined && now - typingSentAt > 3000) {
        typingSentAt = now;
        connection.invoke("Typing", workspaceId).catch(() => {});
      }
    });
  }

  function onTyping(notice) {
    if (notice.workspaceId !== workspaceId || notice.userId === me) return;
    clearTimeout(typingTimers.get(notice.userId));
    typingTimers.set(notice.userId, setTimeout(() => {
      typingTimers.delete(notice.userId);
      renderTyping();
    }, TYPING_SHOWN_MS));
    names.set(notice.userId, notice.displayName);
    renderTyping();
  }

  function renderTyping() {
    typingLine.textContent = [...typingTimers.keys()].map((id) => format(texts.typing, names.get(id) || "")).join(" ");
  }

  // ---- presence ----

  const presence = new Map();

  function renderPresence() {
    presenceList.replaceChildren();
    const order = { online: 0, idle: 1, offline: 2 };
    const people = [...presence.values()].sort((a, b) => order[a.status] - order[b.status] || a.displayName.localeCompare(b.displayName, lang));
    for (const p of people) {
      names.set(p.userId, p.displayName);
      const item = el("li", "presence presence-" + p.status);
      item.dataset.userId = p.userId;
      item.dataset.status = p.status;
      const dot = el("span", "presence-dot");
      dot.setAttribute("aria-hidden", "true");
      item.append(dot, el("span", "presence-name", p.displayName + (p.userId === me ? " " + texts.you : "")));
      const detail = p.status === "online" ? texts.online
        : !p.lastSeen ? (p.status === "idle" ? texts.idle : texts.offline + " · " + texts.neverSeen)
          : (p.status === "idle" ? texts.idle + " · " + format(texts.activeAgo, p.lastSeen) : texts.offline + " · " + format(texts.lastSeenAgo, p.lastSeen));
      item.append(el("span", "presence-detail muted", detail));
      presenceList.append(item);
    }
  }

  function onPresence(update) {
    if (update.workspaceId !== workspaceId) return;
    presence.set(update.userId, update);
    renderPresence();
  }

  async function refreshPresence() {
    if (!joined) return;
    try {
      const list = await connection.invoke("GetPresence", workspaceId);
      presence.clear();
      for (const p of list) presence.set(p.userId, p);
      renderPresence();
    } catch {
      // The next refresh or reconnect tries again.
    }
  }

  function setIdle(value) {
    if (idle === value || !joined) return;
    idle = value;
    connection.invoke("SetActivity", workspaceId, value).catch(() => {});
  }

  function activity() {
    setIdle(false);
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => setIdle(true), IDLE_AFTER_MS);
  }

  for (const name of ["keydown", "pointerdown", "pointermove", "wheel", "focus"]) {
    window.addEventListener(name, activity, { passive: true });
  }
  document.addEventListener("visibilitychange", () => (document.hidden ? setIdle(true) : activity()));

  // ---- membership ----

  function accessEnded() {
    removed = true;
    joined = false;
    setStatus(texts.removed);
    showError(texts.removed);
    root.querySelectorAll("textarea, button").forEach((b) => (b.disabled = true));
    connection.stop();
  }

  // This workspace made private, or our sign-in ended (workspaceId null): nothing more will come, so stop.
  function onAccessEnded(notice) {
    if (!notice.workspaceId || notice.workspaceId === workspaceId) accessEnded();
  }

  function onMember(evt, data) {
    if (data.removed && data.userId === me) {
      accessEnded();
      return;
    }
    names.set(data.userId, data.displayName);
    addActivity(evt, format(data.removed ? texts.memberLeft : texts.memberJoined, data.displayName));
    refreshPresence();
  }

  // ---- comments ----

  function commentItem(comment) {
    const item = el("li", "comment");
    item.dataset.commentId = comment.id;
    const head = el("div", "comment-head");
    head.append(el("strong", null, comment.authorName), " ", time(comment.at));
    if (comment.editedAt) head.append(" ", el("span", "muted", "(" + texts.edited + ")"));
    const body = el("div", "comment-body");
    if (comment.deleted) {
      body.append(el("p", "muted", texts.commentDeleted));
    } else {
      // Rendered from Markdown and sanitised on the server (Markdig + HtmlSanitizer).
      body.innerHTML = comment.html;
    }
    item.append(head, body);
    if (comment.authorId === me && !comment.deleted && canPost) {
      const del = deleteButton(texts.confirmDeleteComment, "DeleteComment", comment.id);
      item.append(del, " ");
    }
    if (!comment.parentId) {
      if (canPost && !comment.deleted) {
        const reply = el("button", "link", texts.reply);
        reply.type = "button";
        reply.addEventListener("click", () => {
          replyTo = comment.id;
          commentInput.focus();
          commentInput.placeholder = texts.reply + ": " + comment.authorName;
        });
        item.append(reply);
      }
      const replies = el("ol", "comment-replies");
      for (const r of comment.replies || []) replies.append(commentItem(r));
      item.append(replies);
    }
    return item;
  }

  function onComment(type, data) {
    if (type === "comment.added") {
      addActivity({ sequence: lastSequence + 1, at: data.at }, format(texts.commentAdded, data.authorName), data.documentId, data.documentTitle);
    }
    if (!openDocument || data.documentId !== openDocument.id) return;
    const existing = commentsList.querySelector(`[data-comment-id="${data.id}"]`);
    if (existing) {
      const replies = existing.querySelector(".comment-replies");
      const fresh = commentItem({ ...data, replies: [] });
      if (replies) fresh.querySelector(".comment-replies").replaceWith(replies);
      existing.replaceWith(fresh);
    } else if (data.parentId) {
      const parent = commentsList.querySelector(`[data-comment-id="${data.parentId}"] .comment-replies`);
      if (parent) parent.append(commentItem(data));
    } else {
      const empty = commentsList.querySelector(".comment-empty");
      if (empty) empty.remove();
      commentsList.append(commentItem(data));
    }
  }

  async function openComments(documentId, title) {
    openDocument = { id: documentId, title };
    replyTo = null;
    commentsTitle.textContent = title ? format(texts.commentsOn, title) : texts.comments;
    commentsPanel.hidden = false;
    commentsList.replaceChildren();
    try {
      clearError();
      const threads = await connection.invoke("GetComments", workspaceId, documentId);
      for (const thread of threads) commentsList.append(commentItem(thread));
      if (!threads.length) commentsList.append(el("li", "comment-empty muted", texts.noComments));
      commentsPanel.focus();
    } catch (error) {
      showError(error);
    }
  }

  document.addEventListener("click", (e) => {
    const trigger = e.target.closest("[data-comments-for]");
    if (trigger) {
      e.preventDefault();
      openComments(trigger.dataset.commentsFor, trigger.dataset.commentsTitle);
    }
  });
  document.addEventListener("cooperation:open-comments", (e) => openComments(e.detail.documentId, e.detail.title));
  root.querySelector("[data-comments-close]").addEventListener("click", () => {
    commentsPanel.hidden = true;
    openDocument = null;
  });

  if (commentForm) {
    commentForm.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!openDocument || !commentInput.value.trim()) return;
      try {
        clearError();
        await connection.invoke("AddComment", workspaceId, openDocument.id, replyTo, commentInput.value);
        commentInput.value = "";
        commentInput.placeholder = "";
        replyTo = null;
      } catch (error) {
        showError(error);
      }
    });
  }

  function onMentioned(notice) {
    const item = el("li", "activity mention");
    // "{0} mentioned you: {1}" with the excerpt formatted: the name as text, the excerpt as the server's sanitised HTML.
    const [before, after] = format(texts.mentioned, notice.byDisplayName, "\u0000").split("\u0000");
    const excerpt = el("span", "mention-excerpt");
    if (notice.excerptHtml) {
      excerpt.innerHTML = notice.excerptHtml;
    } else {
      excerpt.textContent = notice.excerpt;
    }
    item.append(el("strong", null, before), excerpt, after || "");
    if (notice.documentId) {
      const open = el("button", "link", texts.comments);
      open.type = "button";
      open.dataset.commentsFor = notice.documentId;
      item.append(" ", open);
    }
    activityList.prepend(item);
  }

  // A reminder of one's own session, whichever workspace it is in. The link is the site's own programme page.
  function onReminderDue(notice) {
    const item = el("li", "activity reminder");
    item.dataset.testid = "reminder";
    item.append(el("strong", null, format(texts.reminder, notice.title, notice.leadMinutes)));
    if (typeof notice.link === "string" && notice.link.startsWith("/") && !notice.link.startsWith("//")) {
      const open = el("a", null, texts.openProgramme);
      open.href = notice.link;
      item.append(" ", open);
    }
    activityList.prepend(item);
  }

  // ---- assistant ----
  // A personal question to the rules assistant: the answer streams into the panel, then the verified answer with
  // its citations replaces it. Answers, quotes and titles are set as text.

  const assistantPanel = root.querySelector("[data-live-assistant]");
  const assistantForm = assistantPanel.querySelector("[data-assistant-form]");
  const assistantInput = assistantPanel.querySelector("[data-testid=assistant-input]");
  const assistantError = assistantPanel.querySelector("[data-testid=assistant-error]");
  const assistantStatus = assistantPanel.querySelector("[data-testid=assistant-status]");
  const assistantAnswer = assistantPanel.querySelector("[data-testid=assistant-answer]");
  const assistantText = assistantPanel.querySelector("[data-testid=assistant-text]");
  const assistantSources = assistantPanel.querySelector("[data-assistant-sources]");
  const assistantNearest = assistantPanel.querySelector("[data-assistant-nearest]");
  const assistantList = assistantPanel.querySelector("[data-testid=assistant-citations]");
  let asking = null;

  function sourceLink(item) {
    const link = el("a", null, [item.title, item.section, item.page ? format(texts.page, item.page) : null].filter(Boolean).join(" · "));
    link.href = item.url;
    return link;
  }

  // Whose material a source is, so that a quote never passes for the reader's own workspace's.
  function sourceWorkspace(item) {
    return item.workspaceName ? el("span", "muted small assistant-workspace", " " + format(texts.fromWorkspace, item.workspaceName)) : null;
  }

  function renderAnswer(result) {
    assistantText.textContent = result.answer;
    assistantAnswer.classList.toggle("declined", result.declined);
    assistantList.replaceChildren();
    const items = result.declined ? result.nearestSections : result.citations;
    for (const item of items) {
      const li = el("li");
      li.append(sourceLink(item));
      const from = sourceWorkspace(item);
      if (from) li.append(from);
      if (item.quote) li.append(el("blockquote", "assistant-quote", item.quote));
      assistantList.append(li);
    }
    assistantSources.hidden = result.declined || items.length === 0;
    assistantNearest.hidden = !result.declined || items.length === 0;
    assistantStatus.textContent = result.declined ? texts.assistantDeclined : texts.assistantDone;
  }

  assistantForm.addEventListener("submit", (e) => {
    e.preventDefault();
    if (asking) asking.dispose(); // a new question replaces one still streaming
    assistantError.hidden = true;
    assistantText.textContent = "";
    assistantList.replaceChildren();
    assistantSources.hidden = assistantNearest.hidden = true;
    assistantAnswer.hidden = true;
    assistantStatus.textContent = texts.assistantWorking;
    let streamed = "";
    const done = () => {
      asking = null;
      assistantAnswer.removeAttribute("aria-busy");
    };
    const failed = (error) => {
      done();
      assistantStatus.textContent = "";
      assistantError.textContent = hubMessage(error);
      assistantError.hidden = false;
    };
    try {
      assistantAnswer.setAttribute("aria-busy", "true");
      asking = connection.stream("AskAssistant", workspaceId, assistantInput.value).subscribe({
        next: (part) => {
          assistantAnswer.hidden = false;
          if (part.final) {
            renderAnswer(part.final);
          } else if (part.textDelta) {
            streamed += part.textDelta;
            assistantText.textContent = streamed;
          }
        },
        complete: done,
        error: failed,
      });
    } catch (error) {
      failed(error);
    }
  });
  sendOnEnter(assistantInput, assistantForm);

  // ---- connection ----

  for (const method of ["ChatMessageReceived", "ChatMessageUpdated", "DocumentChanged", "CommentAdded", "CommentUpdated", "MemberChanged", "EventReceived"]) {
    connection.on(method, receive);
  }
  connection.on("PresenceChanged", onPresence);
  connection.on("UserTyping", onTyping);
  connection.on("Mentioned", onMentioned);
  connection.on("ReminderDue", onReminderDue);
  connection.on("AccessEnded", onAccessEnded);

  async function join() {
    const result = await connection.invoke("JoinWorkspace", workspaceId);
    joined = true;
    idle = false;
    presence.clear();
    for (const p of result.presence) presence.set(p.userId, p);
    renderPresence();
    if (lastSequence === 0) {
      // First join: history shows the past, and live events start from here.
      lastSequence = result.latestSequence;
      await loadHistory();
      await loadRecentActivity(result.latestSequence);
    } else {
      await catchUp();
    }
    activity();
    setStatus(texts.connected);
    clearError();
  }

  connection.onreconnecting(() => {
    joined = false;
    setStatus(texts.reconnecting);
  });
  connection.onreconnected(() => join().catch(showError));
  connection.onclose(() => {
    joined = false;
    if (!removed) {
      setStatus(texts.disconnected);
      setTimeout(start, 5000);
    }
  });

  async function start() {
    if (removed) return;
    try {
      setStatus(texts.connecting);
      await connection.start();
      await join();
    } catch (error) {
      setStatus(texts.disconnected);
      if (connection.state === signalR.HubConnectionState.Connected) {
        showError(error);
      } else {
        setTimeout(start, 5000);
      }
    }
  }

  setInterval(refreshPresence, PRESENCE_REFRESH_MS);
  start();
})();
