/*eslint-disable*/ module.exports = {
  messages: JSON.parse(
    '{"/YbpOf":["No tienes acceso a esta página"],"037cJr":["Esta página es para los administradores de la sociedad. Si crees que deberías tener acceso, contacta con un administrador."],"8F1i42":["Página no encontrada"],"HpK/8d":["Recargar"],"KGYths":["404: aquí no hay nada"],"OvnLyF":["No permitido"],"i0qMbr":["Inicio"],"nwtY4N":["Algo salió mal"],"of6crD":["La página no se pudo cargar. Recargarla suele ayudar; si sigue ocurriendo, avisa a los administradores de la sociedad."],"qrbF1Y":["No hay ninguna página en ",["path"],". Puede que se haya movido o que el enlace esté mal escrito."],"rC5MFh":["Ir a la página de inicio"],"zUS+pH":["Parte de esta dirección no tiene el formato que espera la página. Comprueba el enlace o vuelve a empezar desde la página de inicio."]}',
  ),
};
