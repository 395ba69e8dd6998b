// The Bot Connector side of the Bot Framework protocol, served by botbuilder-js itself
// (ChannelServiceRoutes + CloudChannelServiceHandler), so the .NET bot is checked against an
// implementation it shares no code with. Every activity it accepts is printed as one line:
//   ACTIVITY {"operation":"replyToActivity","conversationId":"...","activityId":"...","activity":{...}}
// Usage: node connector-service.js <node_modules folder>
'use strict';
const path = require('path');

const modules = process.argv[2];
if (!modules) {
  console.error('usage: node connector-service.js <node_modules folder>');
  process.exit(2);
}

const express = require(path.join(modules, 'express'));
const { ChannelServiceRoutes, ConfigurationBotFrameworkAuthentication } = require(path.join(modules, 'botbuilder'));
// 4.23 does not export this class from the package root.
const { CloudChannelServiceHandler } = require(path.join(modules, 'botbuilder', 'lib', 'cloudChannelServiceHandler'));

let nextId = 0;

class RecordingChannelService extends CloudChannelServiceHandler {
  async onSendToConversation(_claims, conversationId, activity) {
    return record('sendToConversation', conversationId, null, activity);
  }

  async onReplyToActivity(_claims, conversationId, activityId, activity) {
    return record('replyToActivity', conversationId, activityId, activity);
  }

  async onUpdateActivity(_claims, conversationId, activityId, activity) {
    return record('updateActivity', conversationId, activityId, activity);
  }
}

function record(operation, conversationId, activityId, activity) {
  process.stdout.write('ACTIVITY ' + JSON.stringify({ operation, conversationId, activityId, activity }) + '\n');
  nextId += 1;
  return { id: 'connector-' + nextId };
}

// No MicrosoftAppId configured: the handler accepts anonymous callers, as it does for a local bot.
const auth = new ConfigurationBotFrameworkAuthentication({});
const app = express();
new ChannelServiceRoutes(new RecordingChannelService(auth)).register(app);
// The routes call next() after answering; end the chain here instead of in express's 404 handler.
app.use((_req, res) => {
  if (!res.headersSent) {
    res.status(404).end();
  }
});

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write('LISTENING ' + server.address().port + '\n');
});

process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
