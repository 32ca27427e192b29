/*eslint-disable*/ module.exports = { messages: JSON.parse('{}') };
